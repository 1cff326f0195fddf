namespace CircuitBreaker.Gateway.GraphQL.Llm;

/// <summary>The LLM router's part of the product schema in SDL: it extends the root types (docs/GRAPHQL-API.md prints it).</summary>
public static class LlmSchemaSdl
{
    /// <summary>The SDL document.</summary>
    public const string Text = """
        extend type Query {
          "LLM providers of the catalog (files, configuration and run-time changes), by id."
          llmProviders: [LlmProvider!]!
          "A provider, or null."
          llmProvider(id: String!): LlmProvider
          "Spend recorded per UTC day over a date range, for a user, a project, or a user within a project."
          costAnalytics(input: CostAnalyticsInput!): CostAnalytics!
        }

        extend type Mutation {
          "Routes a chat completion (budgets reserved first; fallbacks on retryable failures) and returns the whole answer."
          llmChatCompletion(input: LlmChatCompletionInput!): LlmResponse!
          "Starts a streamed chat completion; returns once a provider sent its first content. Subscribe to llmStream(requestId) for the chunks."
          llmChatCompletionStream(input: LlmChatCompletionInput!): LlmStreamHandle!
          "Adds or changes a provider and its models (administrators only: a caller without a tenant)."
          configureLlmProvider(input: LlmProviderConfigInput!): LlmProvider!
        }

        extend type Subscription {
          "The events of a streamed completion, from its start (replayed) then live, ending with STREAM_END or STREAM_ERROR. With input, the subscription starts the completion itself under requestId."
          llmStream(requestId: String!, input: LlmChatCompletionInput): LlmStreamEvent!
        }

        type LlmProvider {
          id: ID!
          "The kind of provider (openai, anthropic, groq, ollama …): the catalog entry it was configured from."
          providerType: String!
          name: String!
          "Wire protocol: openai, anthropic or gemini."
          adapter: String!
          baseUrl: String!
          "bearer, api-key, x-api-key, x-goog-api-key or none."
          auth: String!
          "Name of the configured secret (Llm:Keys:{apiKeyId}) holding the key: a reference, never the key."
          apiKeyId: String
          "Environment variable holding the key (a name, never the key)."
          apiKeyEnv: String
          "Whether a key is present for it."
          hasApiKey: Boolean!
          enabled: Boolean!
          "Enabled and either keyless or with a key."
          usable: Boolean!
          "Priced models of the provider."
          models: [LlmModel!]!
          healthStatus: LlmProviderHealth!
          "When first configured at run time (null for catalog and configuration entries)."
          createdAt: DateTime
          "When last configured at run time (null for catalog and configuration entries)."
          updatedAt: DateTime
        }

        type LlmModel {
          id: String!
          name: String!
          "Most output tokens of one answer (the context window when unknown)."
          maxTokens: Int!
          contextWindow: Int!
          "USD per input token."
          costPerInputToken: Float!
          "USD per output token."
          costPerOutputToken: Float!
          "USD per cached input token."
          costPerCachedInputToken: Float!
          supportsStreaming: Boolean!
          supportsFunctionCalling: Boolean!
          capabilities: [String!]!
        }

        type LlmProviderHealth {
          "The breaker llm:{id} lets calls through (CLOSED, HALF_OPEN, DISABLED or METRICS_ONLY)."
          isHealthy: Boolean!
          "State of the breaker llm:{id}."
          breakerState: String!
          "When this status was read."
          lastCheck: DateTime!
          "Failure rate of the breaker's window, 0 to 1 (0 until its minimum number of calls)."
          errorRate: Float!
          "Moving average of whole calls seen by this gateway, ms (0 when none yet)."
          averageLatencyMs: Int!
          "Failed attempts in a row seen by this gateway."
          consecutiveFailures: Int!
          "Reason of the last failed attempt seen by this gateway (provider message with keys redacted)."
          lastError: String
          "Calls refused by the open breaker since it opened."
          notPermittedCalls: Int!
        }

        type LlmResponse {
          id: String!
          "Model that answered."
          model: String!
          choices: [LlmChoice!]!
          usage: TokenUsage!
          "Provider that answered."
          provider: String!
          routingInfo: RoutingInfo!
          "Unix seconds."
          created: Int!
        }

        type LlmChoice { index: Int! message: ChatMessage! finishReason: String }

        type ChatMessage { role: String! content: String! name: String toolCalls: [LlmToolCall!] }

        type LlmToolCall { id: String! name: String! "JSON text." arguments: String! }

        type TokenUsage {
          promptTokens: Int!
          completionTokens: Int!
          totalTokens: Int!
          cachedTokens: Int!
          "USD charged for the call."
          estimatedCost: Float!
          "True when the router counted the tokens because the provider gave none."
          estimated: Boolean!
        }

        type RoutingInfo {
          "Provider that answered (null before one did)."
          selectedProvider: String
          selectedModel: String
          requestedModel: String!
          virtualModel: String
          "failover, cost_optimized, latency_optimized, weighted, least_busy or task_specific."
          routingStrategy: String!
          taskType: String
          "Time to the answer (for streams: to the first chunk), ms."
          latencyMs: Float
          "Failed attempts before the answer."
          retryCount: Int!
          "The answer did not come from the first candidate planned."
          fallbackUsed: Boolean!
          "Every candidate tried or skipped, in order."
          attempts: [RouteAttempt!]!
          "USD held on the budgets before calling."
          estimatedCost: Float!
          "USD charged (null until known: a stream's cost comes with STREAM_END)."
          cost: Float
          budgetScopes: [String!]!
        }

        type RouteAttempt {
          provider: String!
          model: String!
          "success, failed, skipped or breaker_open."
          outcome: String!
          status: Int
          code: String
          "Why (provider message with keys redacted)."
          reason: String
          latencyMs: Float
        }

        type LlmStreamHandle {
          "Pass to llmStream."
          requestId: String!
          "Model answering."
          model: String!
          provider: String!
          "Routing so far (cost comes with STREAM_END)."
          routingInfo: RoutingInfo!
        }

        enum LlmStreamEventType { STREAM_START CONTENT_DELTA FUNCTION_CALL STREAM_END STREAM_ERROR }

        type LlmStreamEvent {
          eventType: LlmStreamEventType!
          requestId: String!
          "0 for STREAM_START, then 1, 2 … in order."
          sequence: Int!
          "Text of a CONTENT_DELTA."
          delta: String
          "Tool-call pieces of a FUNCTION_CALL."
          toolCalls: [LlmToolCallDelta!]
          "On STREAM_END: stop, length, tool_calls …"
          finishReason: String
          "True for STREAM_END and STREAM_ERROR."
          isComplete: Boolean!
          timestamp: DateTime!
          "On STREAM_END."
          usage: TokenUsage
          "On STREAM_START and STREAM_END."
          routingInfo: RoutingInfo
          "On STREAM_ERROR (provider message with keys redacted)."
          error: String
          errorCode: String
        }

        type LlmToolCallDelta { index: Int! id: String name: String argumentsDelta: String }

        type CostAnalytics {
          userId: String
          projectId: String
          "USD over the period."
          totalCost: Float!
          totalTokens: Int!
          promptTokens: Int!
          completionTokens: Int!
          requestCount: Int!
          "totalCost / totalTokens (0 without tokens)."
          averageCostPerToken: Float!
          "{provider: USD}."
          providerBreakdown: JSON!
          "{provider/model: USD}."
          modelBreakdown: JSON!
          "{yyyy-MM-dd: USD} for the days with calls."
          dailyCosts: JSON!
          "Per provider and model."
          breakdown: [CostBreakdownItem!]!
          "Per day with calls, oldest first."
          days: [DailyCost!]!
          "First day (yyyy-MM-dd, UTC)."
          periodStart: String!
          "Last day, included (yyyy-MM-dd, UTC)."
          periodEnd: String!
        }

        type CostBreakdownItem { provider: String! model: String! totalCost: Float! requestCount: Int! promptTokens: Int! completionTokens: Int! }

        type DailyCost { date: String! totalCost: Float! requestCount: Int! totalTokens: Int! }

        input LlmChatCompletionInput {
          "A model (provider/model, a bare model id) or a virtual model (auto, cb:fastest …)."
          model: String!
          messages: [ChatMessageInput!]!
          temperature: Float
          maxTokens: Int
          topP: Float
          frequencyPenalty: Float
          presencePenalty: Float
          stop: [String!]
          "Ignored by llmChatCompletion (always whole); use llmChatCompletionStream or llmStream to stream."
          stream: Boolean
          "User charged (budget scope user:{id}); userId is the same."
          user: String
          userId: String
          "Project charged (budget scope project:{id})."
          projectId: String
          "The circuit_breaker routing options of the REST API."
          routing: LlmRoutingInput
        }

        input ChatMessageInput { role: String! content: String! name: String }

        input LlmRoutingInput {
          routingStrategy: String
          maxCostPer1kTokens: Float
          maxLatencyMs: Float
          taskType: String
          fallbackModels: [String!]
          preferredProviders: [String!]
        }

        input LlmProviderConfigInput {
          "Provider id (default: providerType). An existing id is changed, a new one added."
          id: String
          "A catalog provider id (openai, anthropic, groq, ollama …) or a wire protocol (openai, anthropic, gemini): adapter, auth and paths come from it."
          providerType: String!
          name: String!
          baseUrl: String!
          "Name of the configured secret Llm:Keys:{apiKeyId} holding the key (never the key itself); empty = keyless."
          apiKeyId: String
          "Replace the models given to this provider at run time."
          models: [LlmModelInput!]!
        }

        input LlmModelInput {
          id: String!
          name: String
          maxTokens: Int
          contextWindow: Int
          "USD per input token."
          costPerInputToken: Float!
          "USD per output token."
          costPerOutputToken: Float!
          supportsStreaming: Boolean = true
          supportsFunctionCalling: Boolean = false
          capabilities: [String!]
        }

        input CostAnalyticsInput {
          userId: String
          projectId: String
          "ISO 8601 date or date-time; its UTC day is the first day."
          startDate: String!
          "ISO 8601 date or date-time; its UTC day is the last day (included)."
          endDate: String!
        }
        """;
}
