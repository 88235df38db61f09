using System.CommandLine;
using System.Diagnostics;
using Layerwise.Data;
using Layerwise.Replication;

namespace Layerwise.Cli.Commands;

/// <summary>`layerwise replicate`: the paper's whole experiment matrix from one JSON config (see docs/replicate.md).</summary>
internal static class ReplicateCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config", "-c") { Description = "Replication config (JSON); replicate/paper.json is the paper's", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "Replication folder: cells/, cache/, results/, results.csv, comparison.csv, report.html", Required = true };
        var jobs = new Option<int>("--jobs", "-j") { Description = "Cells run at once, each in its own process (and the Slurm array's throttle)", DefaultValueFactory = _ => 1 };
        var list = new Option<bool>("--list") { Description = "Print one cell id per line (extraction steps, also runnable with --cell, with --list-steps)" };
        var listSteps = new Option<bool>("--list-steps") { Description = "Print the extraction step ids, then the cell ids" };
        var cell = new Option<string?>("--cell") { Description = "Run one cell (or extraction step) by id; resumable and idempotent" };
        var collect = new Option<bool>("--collect") { Description = "Write the tables, figures and report from the finished cells" };
        var emit = new Option<string?>("--emit-slurm") { Description = "Write a Slurm job script (array over the cells, extraction first, collect last)" };
        var dataHome = new Option<string?>("--data-home") { Description = $"Data home: one folder per dataset id, for studies without 'root' (default ${DataHome.Variable})" };
        var command = new Command("replicate",
            "Run the paper's experiment matrix (models x back-ends x n_layers x seeds x studies): one feature cache per model and dataset, " +
            "one run directory per cell, then the paper repository's tables (results/*.txt), results.csv, comparison.csv and report.html. " +
            "Rerunning runs only what is missing.")
        {
            config, output, jobs, list, listSteps, cell, collect, emit, dataHome,
        };
        command.SetAction(parse =>
        {
            var outWriter = parse.InvocationConfiguration.Output;
            var err = parse.InvocationConfiguration.Error;
            int modes = new[] { parse.GetValue(list), parse.GetValue(listSteps), parse.GetValue(cell) is not null, parse.GetValue(collect), parse.GetValue(emit) is not null }.Count(b => b);
            if (modes > 1)
                throw new LayerwiseInputException("--list, --list-steps, --cell, --collect and --emit-slurm exclude each other");
            int j = parse.GetValue(jobs);
            if (j < 1)
                throw new LayerwiseInputException("--jobs must be positive");
            string? home = parse.GetValue(dataHome);
            var cfg = ReplicationConfig.Load(parse.GetValue(config)!, DataHome.Resolve(home));
            var runner = new ReplicationRunner(cfg, parse.GetValue(output)!, err);

            if (parse.GetValue(list) || parse.GetValue(listSteps))
            {
                if (parse.GetValue(listSteps))
                    foreach (var e in ReplicationPlan.Extractions(cfg))
                        outWriter.WriteLine(e.Id);
                foreach (var c in ReplicationPlan.Cells(cfg))
                    outWriter.WriteLine(c.Id);
                return 0;
            }
            if (parse.GetValue(cell) is { } id)
            {
                runner.Run(id);
                return 0;
            }
            if (parse.GetValue(emit) is { } script)
            {
                var (file, prefix) = Self();
                string layerwise = string.Join(" ", prefix.Prepend(file).Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a));
                SlurmScript.Write(script, SlurmScript.Emit(runner, layerwise, j > 1 ? j : null, home));
                err.WriteLine($"{script}: {ReplicationPlan.Extractions(cfg).Count} extraction steps, {ReplicationPlan.Cells(cfg).Count} cells; submit with: bash {script}");
                return 0;
            }
            if (!parse.GetValue(collect))
            {
                if (j == 1)
                    runner.RunAll();
                else
                    RunParallel(runner, j, home, err);
            }
            var report = ReplicationCollector.Collect(runner);
            outWriter.WriteLine(Json.Serialize(new
            {
                out_dir = runner.OutDirectory, cells_done = report.CellsDone, cells_total = report.CellsTotal,
                missing = report.Missing.Take(50), files = report.Files.Where(f => !f.StartsWith("figures", StringComparison.Ordinal)),
            }));
            return report.Missing.Count == 0 || parse.GetValue(collect) ? 0 : 1;
        });
        return command;
    }

    /// <summary>Extraction steps in this process (they share the SSL's memory), then the cells in up to <paramref name="jobs"/> child processes.</summary>
    static void RunParallel(ReplicationRunner runner, int jobs, string? home, TextWriter err)
    {
        foreach (var step in ReplicationPlan.Extractions(runner.Config))
            runner.Extract(step);
        var todo = new Queue<ReplicationCell>(ReplicationPlan.Cells(runner.Config).Where(c => !runner.IsDone(c)));
        var running = new List<(Process P, string Id)>();
        var failed = new List<string>();
        while (todo.Count > 0 || running.Count > 0)
        {
            while (running.Count < jobs && todo.Count > 0)
            {
                var c = todo.Dequeue();
                var (file, prefix) = Self();
                var psi = new ProcessStartInfo(file) { UseShellExecute = false };
                foreach (var a in prefix)
                    psi.ArgumentList.Add(a);
                foreach (var a in new[] { "replicate", "--config", runner.Config.Path, "--out", runner.OutDirectory, "--cell", c.Id })
                    psi.ArgumentList.Add(a);
                if (home is not null)
                {
                    psi.ArgumentList.Add("--data-home");
                    psi.ArgumentList.Add(home);
                }
                err.WriteLine($"start {c.Id}");
                running.Add((Process.Start(psi)!, c.Id));
            }
            var done = running.FirstOrDefault(r => r.P.HasExited);
            if (done.P is null)
            {
                Thread.Sleep(100);
                continue;
            }
            if (done.P.ExitCode != 0)
                failed.Add(done.Id);
            done.P.Dispose();
            running.Remove(done);
        }
        if (failed.Count > 0)
            throw new InvalidOperationException($"{failed.Count} cells failed (first: {failed[0]}); rerun to retry them");
    }

    /// <summary>How to start this program again: the apphost, or the dotnet host with the CLI assembly.</summary>
    static (string File, string[] Prefix) Self()
    {
        string process = Environment.ProcessPath ?? "dotnet";
        string assembly = typeof(ReplicateCommand).Assembly.Location;
        return Path.GetFileNameWithoutExtension(process) == "dotnet" ? (process, [assembly]) : (process, []);
    }
}
