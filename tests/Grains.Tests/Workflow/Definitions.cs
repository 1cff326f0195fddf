namespace CircuitBreaker.Grains.Tests.Workflow;

/// <summary>Workflow documents used by the grain tests, in the seeds' shape.</summary>
internal static class Definitions
{
    public const string DocumentApproval = """
        {
          "name": "Document Approval",
          "states": ["draft", "review", "approved", "rejected"],
          "transitions": [
            { "id": "submit", "fromStates": ["draft"], "toState": "review" },
            { "id": "approve", "fromStates": ["review"], "toState": "approved" },
            { "id": "reject", "fromStates": ["review"], "toState": "rejected" },
            { "id": "revise", "fromStates": ["rejected"], "toState": "draft" }
          ],
          "initialState": "draft",
          "finalStates": ["approved"]
        }
        """;

    /// <summary>Version 2 of the approval flow adds a legal review between review and approved.</summary>
    public const string DocumentApprovalWithLegal = """
        {
          "name": "Document Approval v2",
          "states": ["draft", "review", "legal", "approved", "rejected"],
          "transitions": [
            { "id": "submit", "fromStates": ["draft"], "toState": "review" },
            { "id": "to_legal", "fromStates": ["review"], "toState": "legal" },
            { "id": "approve", "fromStates": ["legal"], "toState": "approved" },
            { "id": "reject", "fromStates": ["review", "legal"], "toState": "rejected" },
            { "id": "revise", "fromStates": ["rejected"], "toState": "draft" }
          ],
          "initialState": "draft",
          "finalStates": ["approved"]
        }
        """;

    public static string Guarded(string ruleId) => $$"""
        {
          "states": ["new", "approved"],
          "transitions": [ { "id": "approve", "fromStates": ["new"], "toState": "approved", "conditions": ["{{ruleId}}"] } ],
          "initialState": "new",
          "finalStates": ["approved"]
        }
        """;
}
