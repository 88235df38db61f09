// Loads the Layerwise library into the notebook kernel. Every notebook's first code cell is `#load "layerwise.csx"`.
//
// Why a resolver: the kernel (Roslyn scripting) loads each `#r` assembly, and each dependency it finds beside one, into
// a load context of its own, matching references by exact version. TorchSharp.PyBridge 1.4.4 references TorchSharp
// 0.103 while the library ships 0.107, so PyBridge got a second copy of TorchSharp.dll: its tensors were of another
// `Tensor` type (failed type checks, "missing parameter" for pytorch_model.bin) and Layerwise's calls into it did not
// bind (MissingMethodException for safetensors). Roslyn lets the default context answer first, so resolving the whole
// build folder there, once, with the usual rule (a loaded assembly of a higher version satisfies a request) gives one
// copy of every assembly, as in the CLI. It must run before any cell touches a library type, hence plain BCL code here.
#r "../src/Layerwise.Cli/bin/Release/net10.0/TorchSharp.dll"
#r "../src/Layerwise.Cli/bin/Release/net10.0/Microsoft.Data.Analysis.dll"
#r "../src/Layerwise.Cli/bin/Release/net10.0/Layerwise.dll"

static void InstallLayerwiseResolver(string binDir)
{
    if (System.AppContext.GetData("Layerwise.NotebookBin") is string)
        return; // cell run again: the resolver is already in place
    System.AppContext.SetData("Layerwise.NotebookBin", binDir);
    System.Runtime.Loader.AssemblyLoadContext.Default.Resolving += (context, name) =>
    {
        foreach (var loaded in context.Assemblies)
            if (string.Equals(loaded.GetName().Name, name.Name, System.StringComparison.OrdinalIgnoreCase)
                && (name.Version is null || loaded.GetName().Version >= name.Version))
                return loaded;
        string file = System.IO.Path.Combine(binDir, name.Name + ".dll");
        return System.IO.File.Exists(file) ? context.LoadFromAssemblyPath(file) : null;
    };
}

// Separate methods: the first mention of a library type loads its assembly, which must happen after the resolver is in.
static void RegisterLayerwiseFormatters() =>
    // DataFrames as HTML tables (the package's own formatter is only loaded with a NuGet reference).
    Microsoft.DotNet.Interactive.Formatting.Formatter.Register<Microsoft.Data.Analysis.DataFrame>(
        (df, writer) => writer.Write(Layerwise.Analysis.HtmlReport.TableHtml(df, numberFormat: "0.####", maxRows: 60)), "text/html");

// Charts: every chart is shown twice, as the interactive Plotly chart (VS Code, Jupyter) and as the same chart in a
// static PNG, an `image/png` output of its own, which GitHub's notebook viewer and offline viewers show (they run no
// scripts, so the Plotly chart stays blank there). See notebooks/README.md, "Committed outputs".
sealed record LayerwisePng(byte[] Bytes);

static void RegisterLayerwisePng() =>
    Microsoft.DotNet.Interactive.Formatting.Formatter.Register<LayerwisePng>(
        (png, writer) => writer.Write(System.Convert.ToBase64String(png.Bytes)), "image/png");

/// <summary>A figure as the interactive Plotly chart and, below it, the same chart as a PNG.</summary>
static void DisplayFigure(Layerwise.Analysis.Figure figure)
{
    Microsoft.DotNet.Interactive.Kernel.display(Microsoft.DotNet.Interactive.Kernel.HTML(Layerwise.Analysis.HtmlReport.ToNotebookHtml(figure.Html)));
    Microsoft.DotNet.Interactive.Kernel.display(new LayerwisePng(figure.Png), "image/png");
}

/// <summary>PNG files (e.g. the toolbox's images), one `image/png` output each.</summary>
static void DisplayImages(string folder, params string[] files)
{
    foreach (var f in files)
        Microsoft.DotNet.Interactive.Kernel.display(new LayerwisePng(System.IO.File.ReadAllBytes(System.IO.Path.Combine(folder, f))), "image/png");
}

// TorchSharp's native library: loadable on systems with an older libstdc++ too (environment/README.md).
static void LoadLayerwiseNative() => Layerwise.Runtime.TorchRuntime.EnsureLoaded();

InstallLayerwiseResolver(System.IO.Path.GetFullPath(System.IO.Path.Combine("..", "src", "Layerwise.Cli", "bin", "Release", "net10.0")));
RegisterLayerwiseFormatters();
RegisterLayerwisePng();
LoadLayerwiseNative();
