using System.Text.Json.Nodes;
using Layerwise.Tests.Analysis;

namespace Layerwise.Tests.Notebooks;

/// <summary>
/// The committed notebooks' outputs show every chart where no script runs (GitHub's viewer, offline viewers): each
/// interactive Plotly chart is followed by its static twin, an <c>image/png</c> output that decodes to a drawn chart.
/// Reads the committed files (notebooks/refresh-outputs.sh writes them); runs no kernel.
/// </summary>
public class NotebookOutputsTests
{
    [Theory]
    [MemberData(nameof(NotebookTests.Notebooks), MemberType = typeof(NotebookTests))]
    public void EveryCommittedChartHasAStaticPng(string notebook)
    {
        var nb = JsonNode.Parse(File.ReadAllText(Path.Combine(NotebookKernel.NotebookDir, notebook)))!;
        int charts = 0, images = 0;
        foreach (var (cell, index) in nb["cells"]!.AsArray().Select((c, i) => (c!, i)))
        {
            var outputs = cell["outputs"]?.AsArray().OfType<JsonNode>().ToList() ?? [];
            for (int k = 0; k < outputs.Count; k++)
            {
                if (Data(outputs[k], "image/png") is { } png)
                {
                    images++;
                    PngCheck.AssertDrawn(Convert.FromBase64String(png), $"{notebook} cell {index} output {k}");
                }
                if (Data(outputs[k], "text/html") is { } html && html.Contains("Plotly.newPlot", StringComparison.Ordinal))
                {
                    charts++;
                    Assert.True(k + 1 < outputs.Count && Data(outputs[k + 1], "image/png") is not null,
                        $"{notebook} cell {index}: a Plotly chart without the image/png output after it");
                }
                Assert.False(Data(outputs[k], "text/html") is { } h && h.Contains("data:image/png", StringComparison.Ordinal),
                    $"{notebook} cell {index}: an image inside HTML (GitHub may not show it); display it as image/png");
            }
        }
        if (notebook != "00-setup.ipynb") // the setup notebook has no chart
            Assert.True(images > 0, $"{notebook}: no image/png output ({charts} Plotly charts)");
    }

    static string? Data(JsonNode output, string mime) => output["data"]?[mime] switch
    {
        JsonArray a => string.Concat(a.Select(x => (string?)x)),
        JsonValue v => (string?)v,
        _ => null,
    };
}
