using CircuitBreaker.Gateway.Examples;
using CircuitBreaker.TestSupport;
using Xunit;

namespace CircuitBreaker.Gateway.Tests.Units;

/// <summary>Finding examples/workflows from the binary's folder or above the working directory.</summary>
public sealed class ExamplesDirectoryLocatorTests
{
    [Fact]
    public void Walks_up_from_the_start_directories_and_honours_a_configured_folder()
    {
        var root = TempDirectory.Create("cb-examples-locator");
        try
        {
            var examples = Directory.CreateDirectory(Path.Combine(root, "examples", "workflows")).FullName;
            var deep = Directory.CreateDirectory(Path.Combine(root, "src", "Gateway", "bin")).FullName;
            Assert.Equal(examples, ExamplesDirectoryLocator.Locate(null, ["", deep]));
            Assert.Equal(examples, ExamplesDirectoryLocator.Locate(examples, []));
            Assert.Null(ExamplesDirectoryLocator.Locate(Path.Combine(root, "missing"), [deep]));
        }
        finally
        {
            TempDirectory.TryDelete(root);
        }
    }

    [Fact]
    public void The_examples_are_copied_next_to_the_gateway_binary()
    {
        var found = ExamplesDirectoryLocator.Locate(null, [AppContext.BaseDirectory]);
        Assert.NotNull(found);
        Assert.True(File.Exists(Path.Combine(found, "document_approval.json")), found);
    }
}
