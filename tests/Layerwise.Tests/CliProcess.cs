using System.Diagnostics;

namespace Layerwise.Tests;

/// <summary>Starts the built `layerwise` CLI in a child process (as a user, a script or a Slurm task would), output
/// redirected and uncoloured.</summary>
internal static class CliProcess
{
    /// <param name="singleThread">One intra-op thread: for tests that run several processes on the 2 cores.</param>
    /// <param name="environment">Variables to set in the child's environment.</param>
    public static Process Start(IEnumerable<string> args, bool singleThread = false, IReadOnlyDictionary<string, string>? environment = null)
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
        if (singleThread)
            psi.Environment["OMP_NUM_THREADS"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            psi.Environment[name] = value;
        return Process.Start(psi)!;
    }
}
