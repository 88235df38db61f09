using Xunit.Abstractions;

namespace Layerwise.Tests.Notebooks;

/// <summary>
/// Runs every notebook headless in quick mode with the pinned dotnet-repl (the same tool a user would use),
/// and fails when any cell fails. The notebooks load the library from the Release build of the CLI.
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
        var (code, log, result) = NotebookKernel.Execute(Path.Combine(NotebookKernel.NotebookDir, notebook), TimeSpan.FromMinutes(8),
            ("LAYERWISE_QUICK", "1"));
        output.WriteLine(log);
        Assert.True(result is not null, $"{notebook}: no output notebook\n{NotebookKernel.Tail(log)}");
        string errors = NotebookKernel.Errors(result);
        Assert.True(code == 0, $"{notebook}: dotnet-repl exited {code}\n{errors}\n{NotebookKernel.Tail(log)}");
        Assert.Equal("", errors);
    }
}
