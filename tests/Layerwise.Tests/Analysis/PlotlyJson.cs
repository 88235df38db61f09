using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Layerwise.Tests.Analysis;

/// <summary>The data a Plotly fragment draws, read back from its <c>var data = [...]</c> and <c>var layout = {...}</c>
/// (Plotly.NET's embedded form), so that chart tests compare numbers, names and axis titles, not substrings.</summary>
internal sealed partial class PlotlyJson
{
    public PlotlyJson(string html)
    {
        Traces = JsonDocument.Parse(Match(DataLine(), html, "var data")).RootElement.EnumerateArray().Select(t => t.Clone()).ToList();
        Layout = JsonDocument.Parse(Match(LayoutLine(), html, "var layout")).RootElement.Clone();
    }

    public IReadOnlyList<JsonElement> Traces { get; }
    public JsonElement Layout { get; }

    public string Type(int trace) => Traces[trace].GetProperty("type").GetString()!;
    public string? Name(int trace) => Traces[trace].TryGetProperty("name", out var n) ? n.GetString() : null;
    public double[] Numbers(int trace, string key) => Traces[trace].GetProperty(key).EnumerateArray().Select(Number).ToArray();
    public string[] Strings(int trace, string key) => Traces[trace].GetProperty(key).EnumerateArray().Select(e => e.ToString()).ToArray();
    public double[][] Z(int trace) => Traces[trace].GetProperty("z").EnumerateArray().Select(r => r.EnumerateArray().Select(Number).ToArray()).ToArray();
    public string Title => Layout.GetProperty("title").GetProperty("text").GetString()!;
    public string AxisTitle(string axis) => Layout.GetProperty(axis).GetProperty("title").GetProperty("text").GetString()!;

    // Plotly.NET writes NaN as the string "NaN" (an empty cell).
    static double Number(JsonElement e) => e.ValueKind == JsonValueKind.String ? double.Parse(e.GetString()!, CultureInfo.InvariantCulture) : e.GetDouble();

    static string Match(Regex regex, string html, string what)
    {
        var m = regex.Match(html);
        Assert.True(m.Success, $"no '{what} = ...;' in the fragment");
        return m.Groups[1].Value;
    }

    [GeneratedRegex(@"var data = (\[.*?\]);\r?\n", RegexOptions.Singleline)]
    private static partial Regex DataLine();

    [GeneratedRegex(@"var layout = (\{.*?\});\r?\n", RegexOptions.Singleline)]
    private static partial Regex LayoutLine();
}
