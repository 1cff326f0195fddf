namespace CircuitBreaker.Gateway.GraphQL;

/// <summary>The product's GraphQL schema in SDL (docs/GRAPHQL-API.md prints the same text).</summary>
public static class ProductSchemaSdl
{
    /// <summary>The SDL document.</summary>
    public const string Text = """
        "Arbitrary JSON value."
        scalar JSON
        "ISO-8601 date-time."
        scalar DateTime

        type Query {
          "Workflows (latest versions), newest first."
          workflows(first: Int = 100, after: String): [Workflow!]!
          "The same listing as a connection with a cursor."
          workflowsConnection(first: Int = 100, after: String): WorkflowConnection!
          "A workflow (latest version unless version is given), or null."
          workflow(id: ID!, version: Int): Workflow
          "Checks a definition without saving it: errors and warnings."
          validateWorkflow(input: CreateWorkflowInput!): ValidationReport!
          "Petri-net analysis of a saved workflow version (latest when version is null)."
          analyzeWorkflow(id: ID!, version: Int): WorkflowAnalysis!
          "A token, or null."
          token(id: ID!): Token
          "Tokens of a workflow (optionally in a place / with a status), newest first, as a list."
          tokens(workflowId: ID, place: String, status: TokenStatus, first: Int = 50, after: String): [Token!]!
          "Tokens as a connection (pageInfo.endCursor → after)."
          tokensConnection(workflowId: ID, place: String, status: TokenStatus, first: Int = 50, after: String): TokenConnection!
          "Transitions enabled by the token's marking, with their guard verdicts."
          availableTransitions(tokenId: ID!): [AvailableTransition!]!
          "Seed vocabulary: a resource is a token."
          resource(id: ID!): Token
          "Seed vocabulary: resources are tokens."
          resources(workflowId: ID, place: String, status: TokenStatus, first: Int = 50, after: String): [Token!]!
          "Seed vocabulary: activities are transitions."
          availableActivities(resourceId: ID!): [AvailableTransition!]!
          "A rule, or null."
          rule(id: ID!): Rule
          "Rules, optionally only those carrying one of the tags."
          rules(tags: [String!], first: Int = 100, after: String): [Rule!]!
          "Rules referenced by the conditions of a workflow's transitions."
          workflowRules(workflowId: ID!): [Rule!]!
          "Evaluates a stored rule over data."
          evaluateRule(id: ID!, data: JSON!, metadata: JSON): RuleEvaluation!
        }

        type Mutation {
          "Creates a workflow (version 1). id is generated from the name when absent."
          createWorkflow(input: CreateWorkflowInput!): Workflow!
          "Publishes the next version of a workflow; running tokens stay on theirs."
          publishWorkflowVersion(id: ID!, input: CreateWorkflowInput!): Workflow!
          "Creates a token in the initial marking (or startPlace)."
          createToken(input: CreateTokenInput!): Token!
          "Fires a transition of a token."
          fireTransition(input: FireTransitionInput!): Token!
          "Cancels an active token."
          cancelToken(id: ID!, reason: String): Token!
          "Merge-patches (or replaces) a token's data."
          updateTokenData(id: ID!, data: JSON!, replace: Boolean = false, expectedVersion: Int): Token!
          "Merges a JSON merge patch into the token's metadata (null removes a key); bumps the version."
          updateTokenMetadata(id: ID!, metadata: JSON!): Token!
          "Seed vocabulary for createToken."
          createResource(input: CreateTokenInput!): Token!
          "Seed vocabulary for fireTransition."
          executeActivity(input: ExecuteActivityInput!): Token!
          "Creates a rule (structured conditions, the seeds' definition shape, or JSON Logic)."
          createRule(input: CreateRuleInput!): Rule!
          "Replaces a rule, incrementing its version."
          updateRule(id: ID!, input: CreateRuleInput!): Rule!
          "Deletes a rule; false when it did not exist."
          deleteRule(id: ID!): Boolean!
        }

        type Subscription {
          "Changes of one token. afterSequence replays fires after that history sequence first, then continues live."
          tokenUpdates(tokenId: ID!, afterSequence: Int): TokenEvent!
          "Seed vocabulary for tokenUpdates."
          resourceUpdates(resourceId: ID!, afterSequence: Int): TokenEvent!
          "Every token change of a workflow (created, fired, completed, cancelled, updated) in commit order. afterSequence replays the durable events after that workflow sequence first, then continues live."
          workflowEvents(workflowId: ID!, afterSequence: Int): TokenEvent!
        }

        enum TokenStatus { active completed cancelled }

        input CreateWorkflowInput {
          id: ID
          name: String
          description: String
          states: [String!]
          places: JSON
          transitions: [TransitionInput!]
          activities: [TransitionInput!]
          initialState: String
          initialMarking: JSON
          finalStates: [String!]
          metadata: JSON
          "Refuse (UNSOUND_WORKFLOW) a definition whose analysis finds it unsound."
          requireSound: Boolean = false
        }

        input TransitionInput {
          id: String!
          name: String
          description: String
          fromState: String
          fromStates: [String!]
          toState: String
          toStates: [String!]
          inputs: JSON
          outputs: JSON
          "Guards: rule ids (strings) or condition objects."
          conditions: [JSON!]
          guard: JSON
          "Stored as given."
          agentConfig: JSON
          metadata: JSON
        }

        input CreateTokenInput {
          workflowId: ID!
          id: ID
          workflowVersion: Int
          startPlace: String
          data: JSON
          metadata: JSON
        }

        input FireTransitionInput {
          tokenId: ID!
          transitionId: String!
          data: JSON
          idempotencyKey: String
          expectedVersion: Int
          actor: String
        }

        input ExecuteActivityInput {
          resourceId: ID!
          activityId: String!
          data: JSON
          idempotencyKey: String
          expectedVersion: Int
          actor: String
        }

        input CreateRuleInput {
          id: ID
          name: String
          description: String
          type: String
          tags: [String!]
          condition: JSON
          conditions: JSON
          combinator: String
          definition: JSON
          actions: JSON
          jsonLogic: JSON
        }

        type Workflow {
          id: ID!
          name: String
          description: String
          version: Int!
          states: [String!]!
          transitions: [Transition!]!
          activities: [Transition!]!
          initialState: String
          initialMarking: JSON!
          finalStates: [String!]!
          metadata: JSON
          "The normalized definition (net shape)."
          definition: JSON!
          warnings: [ValidationIssue!]!
          tenantId: String
          createdAt: DateTime!
          versions: [Workflow!]!
          analysis: WorkflowAnalysis!
          tokens(place: String, status: TokenStatus, first: Int = 50, after: String): [Token!]!
        }

        type Transition {
          id: String!
          name: String
          description: String
          fromStates: [String!]!
          toState: String
          toStates: [String!]!
          conditions: [JSON!]!
          agentConfig: JSON
          metadata: JSON
        }

        type ValidationIssue { severity: String! code: String! path: String! message: String! }

        type ValidationReport { valid: Boolean! errors: [ValidationIssue!]! warnings: [ValidationIssue!]! }

        type WorkflowAnalysis {
          workflowId: ID!
          version: Int!
          "null when undecided within the limits."
          sound: Boolean
          summary: [String!]!
          report: JSON!
        }

        type WorkflowConnection { nodes: [Workflow!]! pageInfo: PageInfo! }
        type TokenConnection { nodes: [Token!]! pageInfo: PageInfo! }
        type PageInfo { hasNextPage: Boolean! endCursor: String }

        type Token {
          id: ID!
          workflowId: ID!
          workflowVersion: Int!
          workflow: Workflow
          "The one marked place, or null when none or several are marked."
          state: String
          places: [String!]!
          marking: JSON!
          status: TokenStatus!
          version: Int!
          data: JSON!
          metadata: JSON!
          historyLength: Int!
          "The whole history, oldest first (at most 1000 entries; use historyPage beyond)."
          history: [HistoryEntry!]!
          historyPage(afterSequence: Int = 0, first: Int = 100, descending: Boolean = false): HistoryPage!
          availableTransitions: [AvailableTransition!]!
          tenantId: String
          createdAt: DateTime!
          updatedAt: DateTime!
        }

        type HistoryEntry {
          sequence: Int!
          transition: String!
          transitionId: String!
          fromState: String
          toState: String
          consumed: JSON!
          produced: JSON!
          timestamp: DateTime!
          actor: String
          data: JSON
          idempotencyKey: String
        }

        type HistoryPage { entries: [HistoryEntry!]! hasMore: Boolean! totalCount: Int! }

        type AvailableTransition { id: String! transitionId: String! name: String toStates: [String!]! toState: String guardPassed: Boolean! reason: String }

        type Rule {
          id: ID!
          name: String
          description: String
          version: Int!
          tags: [String!]!
          "Always active: deleted rules no longer exist."
          status: String!
          condition: JSON
          actions: JSON
          "The normalized rule."
          definition: JSON!
          createdAt: DateTime!
          updatedAt: DateTime!
        }

        type RuleEvaluation { passed: Boolean! reason: String trace: JSON! }

        type TokenEvent {
          "created, fired, completed, cancelled or updated."
          kind: String!
          tokenId: ID!
          workflowId: ID!
          "The position on the subscribed stream; pass the last one seen as afterSequence to resume. tokenUpdates: the token's history sequence (0 for creation and data updates, which are not replayed). workflowEvents: the workflow's event sequence (1, 2, 3, … per workflow)."
          sequence: Int!
          "The token's history sequence of the change (0 for creation and data updates)."
          tokenSequence: Int!
          transitionId: String
          "Whether the event was read back from durable storage (the token's history or the workflow's event feed) rather than delivered live."
          replayed: Boolean!
          "The history entry of a fire."
          entry: HistoryEntry
          "The token after the change (for replayed events: the token now)."
          token: Token
        }
        """;
}
