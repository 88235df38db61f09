using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Layerwise.Tests.Notebooks;

/// <summary>
/// Runs notebooks headless in the pinned .NET Interactive kernel (dotnet-repl, as a user would) against a Release build
/// of the CLI made by this test run, so a stale build is never what runs.
/// </summary>
internal static class NotebookKernel
{
    public static readonly string NotebookDir = Path.Combine(RepoPaths.Root, "notebooks");

    static readonly Lazy<(int Code, string Log)> Build = new(() =>
        Run("dotnet", "build src/Layerwise.Cli -c Release", RepoPaths.Root, TimeSpan.FromMinutes(8)));

    /// <summary>Builds the CLI in Release once per test process (incremental: quick when nothing changed).</summary>
    public static void EnsureFreshBuild()
    {
        var (code, log) = Build.Value;
        Assert.True(code == 0, "Release build for the notebooks failed:\n" + Tail(log));
    }

    /// <summary>Runs <paramref name="notebook"/> (a path) with the notebooks folder as working directory; returns the
    /// exit code, the log and the executed notebook (null when none was written).</summary>
    public static (int Code, string Log, JsonNode? Output) Execute(string notebook, TimeSpan timeout, params (string Key, string? Value)[] env)
    {
        EnsureFreshBuild();
        string outPath = Path.Combine(Path.GetTempPath(), $"lw-nb-{Guid.NewGuid():N}.ipynb");
        try
        {
            var (code, log) = Run("dotnet", $"tool run dotnet-repl --run \"{notebook}\" --exit-after-run --output-path \"{outPath}\"",
                NotebookDir, timeout, env);
            return (code, log, File.Exists(outPath) ? JsonNode.Parse(File.ReadAllText(outPath)) : null);
        }
        finally
        {
            File.Delete(outPath);
        }
    }

    /// <summary>Runs a notebook of the notebooks folder and asserts it ran without error output; returns the executed notebook.</summary>
    public static JsonNode ExecuteChecked(Xunit.Abstractions.ITestOutputHelper output, string notebook, params (string Key, string? Value)[] env)
    {
        var (code, log, result) = Execute(Path.Combine(NotebookDir, notebook), TimeSpan.FromMinutes(8), env);
        output.WriteLine(log);
        Assert.True(result is not null, $"{notebook}: no output notebook\n{Tail(log)}");
        string errors = Errors(result);
        Assert.True(code == 0 && errors == "", $"{notebook}: dotnet-repl exited {code}\n{errors}\n{Tail(log)}");
        return result;
    }

    /// <summary>The notebook's first output, which must be its status line.</summary>
    public static string StatusLine(string notebook, JsonNode result)
    {
        string first = Text(result).Split('\n').FirstOrDefault(l => l.Trim().Length > 0) ?? "";
        Assert.True(first.StartsWith("layerwise-notebook: ", StringComparison.Ordinal), $"{notebook}: first output is not the status line: '{first}'");
        return first.Trim();
    }

    /// <summary>A notebook of C# code cells, written to a temp file (the caller deletes it).</summary>
    public static string WriteNotebook(params string[] cells)
    {
        var nb = new JsonObject
        {
            ["cells"] = new JsonArray(cells.Select(c => (JsonNode)new JsonObject
            {
                ["cell_type"] = "code",
                ["execution_count"] = null,
                ["metadata"] = new JsonObject { ["dotnet_interactive"] = new JsonObject { ["language"] = "csharp" } },
                ["outputs"] = new JsonArray(),
                ["source"] = c,
            }).ToArray()),
            ["metadata"] = new JsonObject
            {
                ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
                ["language_info"] = new JsonObject { ["name"] = "C#" },
            },
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        string path = Path.Combine(Path.GetTempPath(), $"lw-nb-src-{Guid.NewGuid():N}.ipynb");
        File.WriteAllText(path, nb.ToJsonString());
        return path;
    }

    /// <summary>Every code cell's error outputs, as text ("" when there are none).</summary>
    public static string Errors(JsonNode notebook) => string.Join("\n", Outputs(notebook)
        .Where(o => (string?)o["output_type"] == "error")
        .Select(o => $"{(string?)o["ename"]}: {(string?)o["evalue"]}"));

    /// <summary>All text the cells printed or displayed (stream text and text/plain / text/html data), in order.</summary>
    public static string Text(JsonNode notebook) => string.Join("\n", Outputs(notebook).Select(o =>
        o["text"] is { } t ? Join(t)
        : o["data"] is JsonObject d ? string.Join("\n", new[] { "text/plain", "text/html" }.Where(d.ContainsKey).Select(k => Join(d[k]!)))
        : ""));

    static IEnumerable<JsonNode> Outputs(JsonNode notebook) =>
        notebook["cells"]!.AsArray().SelectMany(c => c!["outputs"]?.AsArray() ?? []).OfType<JsonNode>();

    static string Join(JsonNode n) => n is JsonArray a ? string.Concat(a.Select(x => (string?)x)) : (string?)n ?? "";

    public static (int Code, string Log) Run(string exe, string args, string cwd, TimeSpan timeout, params (string Key, string? Value)[] env)
    {
        var psi = new ProcessStartInfo(exe, args)
        {
            WorkingDirectory = cwd,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (k, v) in env)
        {
            if (v is null)
                psi.Environment.Remove(k);
            else
                psi.Environment[k] = v;
        }
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            return (-1, $"timed out after {timeout}");
        }
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    public static string Tail(string log) => log.Length <= 4000 ? log : log[^4000..];
}
