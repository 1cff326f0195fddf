using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using CircuitBreaker.Workflow.Net;
using CircuitBreaker.Workflow.Rules;

namespace CircuitBreaker.Workflow.Serialization;

/// <summary>System.Text.Json form of a <see cref="WorkflowDefinition"/>: the canonical document shape.</summary>
public sealed class WorkflowDefinitionJsonConverter : JsonConverter<WorkflowDefinition>
{
    /// <inheritdoc />
    public override WorkflowDefinition Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        WorkflowReader.Read(JsonNode.Parse(ref reader));

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, WorkflowDefinition value, JsonSerializerOptions options) =>
        WorkflowWriter.Write(value).WriteTo(writer);
}

/// <summary>System.Text.Json form of a <see cref="Rule"/>: <c>{id, name, description, version, tags, condition, actions}</c>.</summary>
public sealed class RuleJsonConverter : JsonConverter<Rule>
{
    /// <inheritdoc />
    public override Rule Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        RuleParser.Parse(JsonNode.Parse(ref reader));

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Rule value, JsonSerializerOptions options) =>
        RuleParser.ToJson(value).WriteTo(writer);
}

/// <summary>System.Text.Json form of a <see cref="Condition"/> (any of its shapes).</summary>
public sealed class ConditionJsonConverter : JsonConverter<Condition>
{
    /// <inheritdoc />
    public override Condition Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ConditionParser.Parse(JsonNode.Parse(ref reader));

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Condition value, JsonSerializerOptions options)
    {
        if (value.ToJson() is { } node) node.WriteTo(writer); else writer.WriteNullValue();
    }
}
