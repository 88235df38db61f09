using System.Diagnostics;

namespace Layerwise.Tests.Replication;

/// <summary>Runs `layerwise replicate …` in a child process (as a user or a Slurm task would).</summary>
internal static class ReplicateProcess
{
    // One intra-op thread per process: the tiny back-ends gain nothing from more, and several processes share 2 cores.
    public static Process Start(IEnumerable<string> args) => CliProcess.Start(args, singleThread: true);

    /// <summary>Runs to the end; fails the test with stderr on a non-zero exit.</summary>
    public static string Run(params string[] args)
    {
        using var p = Start(args);
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"replicate {string.Join(' ', args)} exited {p.ExitCode}: {stderr.Result}");
        return stdout;
    }
}
