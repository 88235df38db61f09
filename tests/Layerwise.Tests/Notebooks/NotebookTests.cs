using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Layerwise.Tests.Notebooks;

/// <summary>
/// Runs every notebook headless in quick demo mode with the pinned dotnet-repl (the same tool a user would use);
/// <see cref="NotebookRealFormatTests"/> runs them again on the official layouts with checkpoints. Fails when any
/// cell fails. The notebooks load the library from a Release build of the CLI made by this test run.
/// </summary>
public class NotebookTests(ITestOutputHelper output)
{
    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(NotebookKernel.NotebookDir, "*.ipynb").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(path));
        return data;
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void RunsHeadlessInQuickMode(string notebook)
    {
        var result = Execute(notebook, ("LAYERWISE_QUICK", "1"), ("LAYERWISE_DATA", null), ("LAYERWISE_MODEL", null), ("LAYERWISE_DEVICE", null));
        Assert.StartsWith("layerwise-notebook: data=demo weights=pretrained-demo model=pretrained-demo device=cpu datasets=", StatusLine(notebook, result));
    }

    JsonNode Execute(string notebook, params (string Key, string? Value)[] env) => NotebookKernel.ExecuteChecked(output, notebook, env);

    static string StatusLine(string notebook, JsonNode result) => NotebookKernel.StatusLine(notebook, result);
}
