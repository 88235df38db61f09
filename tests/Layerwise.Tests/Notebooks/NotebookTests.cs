using System.Diagnostics;
using System.Text.Json;
using Xunit.Abstractions;

namespace Layerwise.Tests.Notebooks;

/// <summary>
/// Runs every notebook headless in quick mode with the pinned dotnet-repl (the same tool a user would use),
/// and fails when any cell fails. The notebooks load the library from the Release build of the CLI.
/// </summary>
public class NotebookTests(ITestOutputHelper output)
{
    static readonly string NotebookDir = Path.Combine(RepoPaths.Root, "notebooks");

    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(Path.Combine(RepoPaths.Root, "notebooks"), "*.ipynb").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(path));
        return data;
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void RunsHeadlessInQuickMode(string notebook)
    {
        EnsureReleaseBuild();
        string outPath = Path.Combine(Path.GetTempPath(), $"lw-nb-{Guid.NewGuid():N}-{notebook}");
        try
        {
            var (code, log) = Run("dotnet", $"tool run dotnet-repl --run {notebook} --exit-after-run --output-path {outPath}", NotebookDir,
                TimeSpan.FromMinutes(8), ("LAYERWISE_QUICK", "1"));
            string errors = File.Exists(outPath) ? ErrorOutputs(outPath) : "(no output notebook written)";
            output.WriteLine(log);
            Assert.True(code == 0, $"{notebook}: dotnet-repl exited {code}\n{errors}\n{Tail(log)}");
            Assert.True(File.Exists(outPath), $"{notebook}: no output notebook");
            Assert.Equal("", errors);
        }
        finally
        {
            File.Delete(outPath);
        }
    }

    /// <summary>Every code cell's error outputs, as text ("" when there are none).</summary>
    static string ErrorOutputs(string ipynb)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(ipynb));
        var errors = new List<string>();
        foreach (var cell in doc.RootElement.GetProperty("cells").EnumerateArray())
        {
            if (!cell.TryGetProperty("outputs", out var outputs))
                continue;
            foreach (var o in outputs.EnumerateArray())
                if (o.GetProperty("output_type").GetString() == "error")
                    errors.Add($"{o.GetProperty("ename").GetString()}: {o.GetProperty("evalue").GetString()}");
        }
        return string.Join("\n", errors);
    }

    static readonly Lock BuildGate = new();

    static void EnsureReleaseBuild()
    {
        lock (BuildGate)
        {
            string dll = Path.Combine(RepoPaths.Root, "src", "Layerwise.Cli", "bin", "Release", "net10.0", "Layerwise.dll");
            if (File.Exists(dll))
                return;
            var (code, log) = Run("dotnet", "build src/Layerwise.Cli -c Release", RepoPaths.Root, TimeSpan.FromMinutes(8));
            Assert.True(code == 0, "Release build for the notebooks failed:\n" + Tail(log));
        }
    }

    static (int Code, string Log) Run(string exe, string args, string cwd, TimeSpan timeout, params (string Key, string Value)[] env)
    {
        var psi = new ProcessStartInfo(exe, args)
        {
            WorkingDirectory = cwd,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (k, v) in env)
            psi.Environment[k] = v;
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

    static string Tail(string log) => log.Length <= 4000 ? log : log[^4000..];
}
