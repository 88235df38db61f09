using System.Reflection;
using System.Runtime.Loader;

namespace Layerwise.Analysis;

/// <summary>
/// Plotly.NET charts as HTML. Plotly.NET 6 needs FSharp.Core 10.1 while the last .NET Interactive kernel is
/// bound to FSharp.Core 10.0, so Layerwise.Plotly and its F# dependencies are loaded into an isolated
/// AssemblyLoadContext and called with primitives only (arrays of numbers and strings in, HTML out).
/// The same path serves the CLI, the tests and the notebooks.
/// </summary>
public static class Charts
{
    static readonly Lazy<Type> Impl = new(LoadImplementation);

    /// <summary>A heatmap; rows are <paramref name="yLabels"/>, columns <paramref name="xLabels"/> (e.g. layer weights: datasets × layers).</summary>
    public static string Heatmap(string title, string xTitle, string yTitle, string[] xLabels, string[] yLabels, double[][] z) =>
        Call(nameof(Heatmap), title, xTitle, yTitle, xLabels, yLabels, z);

    /// <summary>A heatmap over numeric axes (e.g. a spectrogram); z[row = y][column = x].</summary>
    public static string NumericHeatmap(string title, string xTitle, string yTitle, double[] x, double[] y, double[][] z) =>
        Call(nameof(NumericHeatmap), title, xTitle, yTitle, x, y, z);

    /// <summary>One line per series (e.g. EER vs n_layers per back-end).</summary>
    public static string Lines(string title, string xTitle, string yTitle, string[] names, double[][] xs, double[][] ys, bool logY = false) =>
        Call(nameof(Lines), title, xTitle, yTitle, names, xs, ys, logY);

    /// <summary>Markers per series, optionally labelled (e.g. EER vs time, labelled with n_layers).</summary>
    public static string Scatter(string title, string xTitle, string yTitle, string[] names, double[][] xs, double[][] ys, string[][]? pointLabels = null) =>
        Call(nameof(Scatter), title, xTitle, yTitle, names, xs, ys, pointLabels);

    /// <summary>Grouped columns: one series per name over shared categories.</summary>
    public static string Bars(string title, string xTitle, string yTitle, string[] categories, string[] names, double[][] values) =>
        Call(nameof(Bars), title, xTitle, yTitle, categories, names, values);

    /// <summary>DET curves on probit axes; rates as fractions.</summary>
    public static string Det(string title, string[] names, double[][] falseAcceptance, double[][] falseRejection) =>
        Call(nameof(Det), title, names, falseAcceptance, falseRejection);

    /// <summary>A complete offline HTML document (plotly.js embedded once) around chart fragments and other HTML.</summary>
    public static string Page(string title, string bodyHtml) => Call(nameof(Page), title, bodyHtml);

    /// <summary>One fragment made displayable on its own: plotly.js embedded (offline) or from the CDN (small outputs).</summary>
    public static string Standalone(string fragment, bool embedPlotlyJs) => Call(nameof(Standalone), fragment, embedPlotlyJs);

    static string Call(string method, params object?[] args)
    {
        var m = Impl.Value.GetMethod(method, BindingFlags.Public | BindingFlags.Static)
            ?? throw new MissingMethodException("Layerwise.Plotly.ChartHtml", method);
        try
        {
            return (string)m.Invoke(null, args)!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }

    static Type LoadImplementation()
    {
        string dir = Path.GetDirectoryName(typeof(Charts).Assembly.Location) ?? AppContext.BaseDirectory;
        string path = Path.Combine(dir, "Layerwise.Plotly.dll");
        if (!File.Exists(path))
            throw new FileNotFoundException($"Layerwise.Plotly.dll was not found beside Layerwise.dll in {dir}; build the solution first", path);
        var context = new ChartsLoadContext(dir);
        return context.LoadFromAssemblyPath(path).GetType("Layerwise.Plotly.ChartHtml", throwOnError: true)!;
    }

    sealed class ChartsLoadContext(string dir) : AssemblyLoadContext("layerwise-charts")
    {
        static readonly HashSet<string> Isolated =
            ["Layerwise.Plotly", "Plotly.NET", "Plotly.NET.CSharp", "FSharp.Core", "DynamicObj", "Fable.Core", "Giraffe.ViewEngine", "Newtonsoft.Json"];

        protected override Assembly? Load(AssemblyName name)
        {
            if (name.Name is null || !Isolated.Contains(name.Name))
                return null; // framework assemblies come from the default context
            string candidate = Path.Combine(dir, name.Name + ".dll");
            return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
        }
    }
}
