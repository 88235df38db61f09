using System.Diagnostics;

namespace Layerwise.Tests.Replication;

/// <summary>Runs `layerwise replicate …` in a child process (as a user or a Slurm task would).</summary>
internal static class ReplicateProcess
{
    public static Process Start(IEnumerable<string> args)
    {
        var cli = typeof(Layerwise.Cli.LayerwiseCli).Assembly.Location;
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(cli);
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        psi.Environment["NO_COLOR"] = "1";
        // One intra-op thread per process: the tiny back-ends gain nothing from more, and several processes share 2 cores.
        psi.Environment["OMP_NUM_THREADS"] = "1";
        return Process.Start(psi)!;
    }

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
