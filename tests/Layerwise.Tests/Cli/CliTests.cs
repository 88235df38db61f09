using Layerwise.Cli;

namespace Layerwise.Tests.Cli;

public class CliTests
{
    static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    [Fact]
    public void HelpListsTheCommandsUnderTheCommandName()
    {
        var (code, stdout, _) = Run("--help");
        Assert.Equal(0, code);
        Assert.Contains("layerwise [command] [options]", stdout);
        foreach (var command in new[] { "demo", "features", "metrics", "data", "audio", "hub", "backend-info" })
            Assert.Matches($@"(?m)^\s+{command}\s", stdout);
    }

    [Fact]
    public void VersionPrintsTheAssemblyVersion()
    {
        var (code, stdout, _) = Run("--version");
        Assert.Equal(0, code);
        Assert.Equal(LayerwiseCli.Version, stdout.Trim());
        Assert.Matches(@"^\d+\.\d+\.\d+", stdout.Trim());
    }

    [Fact]
    public void UnknownCommandIsBadInput()
    {
        var (code, stdout, stderr) = Run("frobnicate");
        Assert.Equal(LayerwiseCli.ExitBadInput, code);
        Assert.Equal("", stdout);
        Assert.Contains("frobnicate", stderr);
    }

    [Fact]
    public void InputErrorsExit2OnOneLineWithoutStackTrace()
    {
        var (code, _, stderr) = Run("audio", "info", "/nonexistent/file.flac");
        Assert.Equal(LayerwiseCli.ExitBadInput, code);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.Contains("/nonexistent/file.flac", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public void InternalErrorsExit1AndVerboseAddsTheStackTrace()
    {
        Exception Thrown()
        {
            try { throw new InvalidOperationException("boom"); }
            catch (Exception e) { return e; }
        }
        var quiet = new StringWriter();
        Assert.Equal(LayerwiseCli.ExitInternal, LayerwiseCli.Report(Thrown(), verbose: false, quiet));
        Assert.Contains("internal error: boom", quiet.ToString());
        Assert.DoesNotContain("   at ", quiet.ToString());

        var loud = new StringWriter();
        Assert.Equal(LayerwiseCli.ExitInternal, LayerwiseCli.Report(Thrown(), verbose: true, loud));
        Assert.Contains("   at ", loud.ToString());
    }
}
