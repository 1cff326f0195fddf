namespace CircuitBreaker.Gateway.GraphQL.Resilience;

/// <summary>The circuit-breaker and budget part of the product schema in SDL (docs/GRAPHQL-API.md prints the same text).</summary>
public static class ResilienceSchemaSdl
{
    /// <summary>The SDL document; it extends the product's root types.</summary>
    public const string Text = """
        extend type Query {
          "A cluster-wide circuit breaker (key = protected resource, e.g. llm:openai). One never configured or used answers CLOSED with the defaults."
          circuitBreaker(id: ID!): CircuitBreaker!
          "Breakers with stored state (configured, used or administered), newest first; optionally only those in one state."
          circuitBreakers(state: CircuitBreakerState, first: Int = 100, after: String): [CircuitBreaker!]!
          "Budget of user:{userId} and/or project:{projectId}: the binding scope's figures, and each scope's in scopes."
          budgetStatus(userId: ID, projectId: ID): BudgetStatus!
        }

        extend type Mutation {
          "Replaces a breaker's configuration; unset fields take resilience4j's defaults."
          configureCircuitBreaker(input: CircuitBreakerConfigInput!): CircuitBreaker!
          "Asks the breaker for permission to make one call (record its outcome with recordCircuitBreakerResult)."
          acquireCircuitBreaker(id: ID!): CircuitBreakerPermit!
          "Records the outcome and duration of a permitted call."
          recordCircuitBreakerResult(input: CircuitBreakerResultInput!): CircuitBreaker!
          "Admin: refuse every call until closed or reset."
          forceOpenCircuitBreaker(id: ID!): CircuitBreaker!
          "Admin: back to CLOSED with fresh metrics."
          closeCircuitBreaker(id: ID!): CircuitBreaker!
          "Admin: CLOSED and every metric cleared."
          resetCircuitBreaker(id: ID!): CircuitBreaker!
          "Admin: permit every call and record nothing."
          disableCircuitBreaker(id: ID!): CircuitBreaker!
          "Sets limits on user:{userId} and/or project:{projectId} (each scope gets the same); answers budgetStatus of those scopes."
          setBudget(input: SetBudgetInput!): BudgetStatus!
        }

        extend type Subscription {
          "State changes of one breaker, live."
          circuitBreakerEvents(id: ID!): CircuitBreakerEvent!
          "Every recorded cost and limit change of user:{userId}'s budget, live; alertTriggered when it crossed a warning or limit."
          costUpdates(userId: ID!): CostUpdate!
        }

        enum CircuitBreakerState { CLOSED OPEN HALF_OPEN DISABLED FORCED_OPEN METRICS_ONLY }

        enum SlidingWindowType { COUNT_BASED TIME_BASED }

        "SUCCESS, FAILURE (a recorded error) or IGNORED (an error that does not count; gives a half-open permit back)."
        enum CircuitBreakerOutcome { SUCCESS FAILURE IGNORED }

        "Breaker configuration; every absent field takes resilience4j's default. Durations in milliseconds."
        input CircuitBreakerConfigInput {
          id: ID!
          "Percent, (0, 100]; default 50."
          failureRateThreshold: Float
          "Percent, (0, 100]; default 100."
          slowCallRateThreshold: Float
          "Default 60000."
          slowCallDurationThresholdMs: Float
          "Default COUNT_BASED."
          slidingWindowType: SlidingWindowType
          "Calls (count-based) or seconds (time-based); default 100."
          slidingWindowSize: Int
          "Default 100."
          minimumNumberOfCalls: Int
          "Default 60000."
          waitDurationInOpenStateMs: Float
          "Default 10."
          permittedNumberOfCallsInHalfOpenState: Int
          "0 = no limit (default)."
          maxWaitDurationInHalfOpenStateMs: Float
          "≥ 1; default 1 (fixed wait)."
          exponentialBackoffMultiplier: Float
          "0 = no cap (default)."
          exponentialMaxWaitDurationInOpenStateMs: Float
        }

        input CircuitBreakerResultInput {
          id: ID!
          outcome: CircuitBreakerOutcome!
          "How long the call took (slow calls count towards the slow-call rate)."
          durationMs: Float = 0
        }

        "Limits of user:{userId} and/or project:{projectId}. Either limit + period, or the seed's dailyLimit/weeklyLimit/monthlyLimit."
        input SetBudgetInput {
          userId: ID
          projectId: ID
          "Limit of period; null removes that period's limit."
          limit: Float
          "daily, weekly or monthly (UTC day, ISO week, calendar month)."
          period: String
          "Fraction of a limit that fires the warning alert, (0, 1]; default 0.8."
          warningThreshold: Float
          "hard (refuse reservations beyond a limit, default) or soft (grant and flag them)."
          enforcement: String
          "Seed 001's shape: limits of several periods at once."
          dailyLimit: Float
          weeklyLimit: Float
          monthlyLimit: Float
          "Seed 001's name for warningThreshold."
          alertThreshold: Float
        }

        type CircuitBreaker {
          id: ID!
          state: CircuitBreakerState!
          "Percent; -1 until the minimum number of calls is in the window."
          failureRate: Float!
          "Percent; -1 until the minimum number of calls is in the window."
          slowCallRate: Float!
          numberOfBufferedCalls: Int!
          numberOfFailedCalls: Int!
          numberOfSlowCalls: Int!
          "Calls refused since the state was entered."
          numberOfNotPermittedCalls: Int!
          lastTransitionAt: DateTime
          lastTransitionReason: String
          "When the breaker changes state by itself next (OPEN → HALF_OPEN, or the half-open max wait)."
          nextTransitionAt: DateTime
          config: CircuitBreakerConfig!
        }

        type CircuitBreakerConfig {
          failureRateThreshold: Float!
          slowCallRateThreshold: Float!
          slowCallDurationThresholdMs: Float!
          slidingWindowType: SlidingWindowType!
          slidingWindowSize: Int!
          minimumNumberOfCalls: Int!
          waitDurationInOpenStateMs: Float!
          permittedNumberOfCallsInHalfOpenState: Int!
          maxWaitDurationInHalfOpenStateMs: Float!
          exponentialBackoffMultiplier: Float!
          exponentialMaxWaitDurationInOpenStateMs: Float!
        }

        type CircuitBreakerPermit {
          breakerId: ID!
          permitted: Boolean!
          "The state after the request."
          state: CircuitBreakerState!
          "When refused while OPEN: milliseconds until trial calls may start; otherwise null."
          retryAfterMs: Float
        }

        type CircuitBreakerEvent {
          breakerId: ID!
          from: CircuitBreakerState!
          to: CircuitBreakerState!
          at: DateTime!
          "FailureRateExceeded, SlowCallRateExceeded, WaitDurationElapsed, TrialCallsSucceeded, ForcedOpen, ManualClose, Reset, Disabled …"
          reason: String!
          failureRate: Float!
          slowCallRate: Float!
          "The breaker now."
          breaker: CircuitBreaker!
        }

        type BudgetStatus {
          "The binding scope (user:… or project:…): the one with the highest share of a limit used."
          budgetId: ID!
          "Limit of the binding period (the limited period with the highest share used); null when unlimited."
          limit: Float
          "Spend of the binding period (monthly spend when unlimited)."
          used: Float!
          "Held by outstanding reservations."
          reserved: Float!
          "used ÷ limit × 100."
          percentageUsed: Float!
          isExhausted: Boolean!
          isWarning: Boolean!
          "Smallest amount left over the limited periods (minus reservations); null when unlimited."
          remaining: Float
          message: String!
          dailySpend: Float!
          weeklySpend: Float!
          monthlySpend: Float!
          budgetLimits: BudgetLimits!
          "This month's cost per provider and model, largest first."
          costBreakdown: [CostBreakdown!]!
          projections: BudgetProjections!
          "hard or soft."
          enforcement: String!
          warningThreshold: Float!
          "Each scope asked for, user first, with its own figures."
          scopes: [BudgetStatus!]!
        }

        type BudgetLimits { daily: Float weekly: Float monthly: Float }

        type CostBreakdown { provider: String! model: String! totalCost: Float! requestCount: Int! tokens: Float }

        "Spend projected to the end of each period (spend ÷ elapsed fraction of the period)."
        type BudgetProjections { dailyProjection: Float! weeklyProjection: Float! monthlyProjection: Float! }

        type CostUpdate {
          "commit (a cost was recorded) or limits (the limits changed)."
          kind: String!
          userId: ID!
          budgetId: ID!
          provider: String
          model: String
          "The recorded cost (null for limits)."
          cost: Float
          "Spend of the binding period after the change."
          currentSpend: Float!
          dailySpend: Float!
          monthlySpend: Float!
          budgetRemaining: Float
          "Monthly spend projected to the end of the month."
          projectedSpend: Float!
          "The change crossed a warning threshold or a limit."
          alertTriggered: Boolean!
          alerts: [BudgetAlert!]!
          status: BudgetStatus!
          timestamp: DateTime!
        }

        type BudgetAlert {
          "Warning or LimitReached."
          kind: String!
          "Daily, Weekly or Monthly."
          period: String!
          limit: Float!
          spent: Float!
          at: DateTime!
        }
        """;
}
