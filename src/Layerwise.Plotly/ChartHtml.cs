using System.Globalization;
using System.Text;
using global::Plotly.NET;
using global::Plotly.NET.LayoutObjects;
using CChart = global::Plotly.NET.CSharp.Chart;

namespace Layerwise.Plotly;

/// <summary>
/// Charts as HTML fragments (a div and its script, no plotly.js reference): primitives in, HTML out, so
/// that callers in another AssemblyLoadContext share only core types. <see cref="Page"/> and
/// <see cref="Standalone"/> add plotly.js, embedded from Plotly.NET's own resource (works offline).
/// </summary>
public static class ChartHtml
{
    const int Width = 760;
    const int Height = 440;

    public static string Heatmap(string title, string xTitle, string yTitle, string[] xLabels, string[] yLabels, double[][] z)
    {
        var chart = CChart.Heatmap<double, string, string, string>(
            zData: z.Select(row => (IEnumerable<double>)row), X: xLabels, Y: yLabels, ColorScale: StyleParam.Colorscale.Viridis);
        var xAxis = Axis(xTitle);
        xAxis["type"] = "category";
        var yAxis = Axis(yTitle);
        yAxis["type"] = "category";
        return Fragment(chart, title, xAxis, yAxis);
    }

    /// <summary>A heatmap over numeric axes (e.g. a spectrogram: x = time in s, y = frequency in Hz); z[row = y][column = x].</summary>
    public static string NumericHeatmap(string title, string xTitle, string yTitle, double[] x, double[] y, double[][] z)
    {
        var chart = CChart.Heatmap<double, double, double, string>(
            zData: z.Select(row => (IEnumerable<double>)row), X: x, Y: y, ColorScale: StyleParam.Colorscale.Viridis);
        return Fragment(chart, title, Axis(xTitle), Axis(yTitle));
    }

    public static string Lines(string title, string xTitle, string yTitle, string[] names, double[][] xs, double[][] ys, bool logY = false)
    {
        var traces = names.Select((name, i) => CChart.Line<double, double, string>(x: xs[i], y: ys[i], Name: name, ShowMarkers: true));
        var yAxis = Axis(yTitle);
        if (logY)
            yAxis["type"] = "log";
        return Fragment(CChart.Combine(traces), title, Axis(xTitle), yAxis);
    }

    public static string Scatter(string title, string xTitle, string yTitle, string[] names, double[][] xs, double[][] ys, string[][]? pointLabels = null)
    {
        var traces = names.Select((name, i) => pointLabels is null
            ? CChart.Scatter<double, double, string>(x: xs[i], y: ys[i], mode: StyleParam.Mode.Markers, Name: name)
            : CChart.Scatter<double, double, string>(x: xs[i], y: ys[i], mode: StyleParam.Mode.Markers_Text, Name: name,
                MultiText: pointLabels[i], TextPosition: StyleParam.TextPosition.TopCenter));
        return Fragment(CChart.Combine(traces), title, Axis(xTitle), Axis(yTitle));
    }

    public static string Bars(string title, string xTitle, string yTitle, string[] categories, string[] names, double[][] values)
    {
        var traces = names.Select((name, i) => CChart.Column<double, string, string>(values: values[i], Keys: categories, Name: name));
        return Fragment(CChart.Combine(traces), title, Axis(xTitle), Axis(yTitle));
    }

    /// <summary>DET curves on normal-deviate (probit) axes, as in the ASVspoof plots. Rates are fractions.</summary>
    public static string Det(string title, string[] names, double[][] falseAcceptance, double[][] falseRejection)
    {
        // The usual ASVspoof range (0.05 %–50 %), widened for weak systems so that their equal-error region
        // (where the largest min(FAR, FRR) lies) stays well inside the plot.
        double eer = falseAcceptance.Select((fa, i) => fa.Zip(falseRejection[i], Math.Min).DefaultIfEmpty(0).Max()).DefaultIfEmpty(0).Max();
        double upper = Math.Clamp(1.6 * eer, 0.5, 0.995);
        double[] ticks = new[] { 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 0.9, 0.95, 0.99 }.Where(t => t <= upper).ToArray();
        Dictionary<string, object> ProbitAxis(string t)
        {
            var axis = Axis(t);
            axis["tickvals"] = ticks.Select(Probit).ToArray();
            axis["ticktext"] = ticks.Select(v => (v * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%").ToArray();
            axis["range"] = new[] { Probit(0.0005), Probit(upper) };
            return axis;
        }
        var traces = names.Select((name, i) => CChart.Line<double, double, string>(
            x: falseAcceptance[i].Select(Probit), y: falseRejection[i].Select(Probit), Name: name));
        return Fragment(CChart.Combine(traces), title,
            ProbitAxis("False acceptance rate (spoof accepted)"), ProbitAxis("False rejection rate (bona fide rejected)"));
    }

    static Dictionary<string, object> Axis(string title) =>
        new() { ["title"] = new Dictionary<string, object> { ["text"] = title }, ["automargin"] = true };

    /// <summary>A complete HTML document with plotly.js embedded once (no network needed to view it).</summary>
    public static string Page(string title, string bodyHtml)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
          .Append(System.Net.WebUtility.HtmlEncode(title)).Append("</title>\n<script>").Append(PlotlyJs()).Append("</script>\n")
          .Append("<style>body{font-family:system-ui,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em}")
          .Append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:right}")
          .Append(".banner{background:#fff3cd;border:1px solid #e0c060;padding:.8em;margin:1em 0}</style>\n")
          .Append("</head><body>\n").Append(bodyHtml).Append("\n</body></html>\n");
        return sb.ToString();
    }

    /// <summary>One chart with plotly.js: embedded (offline, ~3.5 MB) or from the CDN (small, needs network to view).</summary>
    public static string Standalone(string fragment, bool embedPlotlyJs)
    {
        string script = embedPlotlyJs
            ? "<script>" + PlotlyJs() + "</script>"
            : $"<script src=\"https://cdn.plot.ly/plotly-{PlotlyJsVersion}.min.js\" charset=\"utf-8\"></script>";
        return script + "\n" + fragment;
    }

    public static string PlotlyJsVersion => "2.28.0";

    public static string PlotlyJs()
    {
        var asm = typeof(GenericChart).Assembly;
        using var stream = asm.GetManifestResourceStream($"Plotly.NET.plotly-{PlotlyJsVersion}.min.js")
            ?? throw new InvalidOperationException("plotly.js is not embedded in this Plotly.NET build");
        using var reader = new StreamReader(stream);
        // "</script>" inside the minified source would end our inline script early.
        return reader.ReadToEnd().Replace("</script>", "<\\/script>", StringComparison.Ordinal);
    }

    // Layout is set as plain JSON-shaped values: Plotly.NET's typed layout API is F#-first and clumsy from C#.
    static string Fragment(GenericChart chart, string title, Dictionary<string, object> xAxis, Dictionary<string, object> yAxis)
    {
        var layout = new Layout();
        layout.SetProperty("title", new Dictionary<string, object> { ["text"] = title });
        layout.SetProperty("xaxis", xAxis);
        layout.SetProperty("yaxis", yAxis);
        layout.SetProperty("width", Width);
        layout.SetProperty("height", Height);
        return GenericChart.toChartHTML(global::Plotly.NET.Chart.withLayout(layout).Invoke(chart));
    }

    /// <summary>Inverse standard normal CDF (Acklam's rational approximation, |error| &lt; 1.2e-9): display only.</summary>
    internal static double Probit(double p)
    {
        p = Math.Clamp(p, 1e-6, 1 - 1e-6);
        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        const double low = 0.02425;
        if (p < low)
        {
            double q = Math.Sqrt(-2 * Math.Log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - low)
            return -Probit(1 - p);
        double r = p - 0.5, s = r * r;
        return (((((a[0] * s + a[1]) * s + a[2]) * s + a[3]) * s + a[4]) * s + a[5]) * r / (((((b[0] * s + b[1]) * s + b[2]) * s + b[3]) * s + b[4]) * s + 1);
    }
}
