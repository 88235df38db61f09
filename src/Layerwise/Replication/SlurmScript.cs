using System.Text;

namespace Layerwise.Replication;

/// <summary>
/// The Slurm job script of a replication. Run with <c>bash FILE</c> (outside a job) it submits itself three times:
/// the extraction steps as one array, the cells as an array depending on it (afterok), and --collect last. Inside a
/// job it runs the step of its array task (LAYERWISE_STAGE = extract | cell | collect). Submitted directly with
/// <c>sbatch FILE</c> it runs the cell array alone, each cell extracting what it needs first (correct, slower).
/// </summary>
public static class SlurmScript
{
    /// <param name="layerwise">The command that runs this toolkit on the nodes, e.g. "/opt/layerwise/Layerwise.Cli".</param>
    /// <param name="maxParallel">Array throttle (%N), or null for Slurm's default.</param>
    public static string Emit(ReplicationRunner runner, string layerwise, int? maxParallel, string? dataHome = null)
    {
        var cells = ReplicationPlan.Cells(runner.Config).Select(c => c.Id).ToList();
        var extract = ReplicationPlan.Extractions(runner.Config).Select(e => e.Id).ToList();
        string throttle = maxParallel is int n ? $"%{n}" : "";
        string logs = Path.Combine(runner.OutDirectory, "slurm");
        var sb = new StringBuilder();
        sb.Append("#!/bin/bash\n")
          .Append("#SBATCH --job-name=layerwise-replicate\n")
          .Append($"#SBATCH --array=0-{cells.Count - 1}{throttle}\n")
          .Append($"#SBATCH --output={logs}/%x-%A_%a.out\n")
          .Append("# Written by `layerwise replicate --emit-slurm`. Submit with:  bash THIS_FILE\n")
          .Append("# (extraction array -> cell array (afterok) -> collect (afterok)). Add #SBATCH lines above for your\n")
          .Append("# cluster (--partition, --gres=gpu:1, --cpus-per-task, --time) or pass them through SBATCH_* variables.\n")
          .Append("set -euo pipefail\n")
          .Append($"LAYERWISE=${{LAYERWISE:-{Quote(layerwise)}}}\n")
          .Append($"CONFIG={Quote(runner.Config.Path)}\n")
          .Append($"OUT={Quote(runner.OutDirectory)}\n")
          .Append($"HOME_ARGS=({(dataHome is null ? "" : "--data-home " + Quote(Path.GetFullPath(dataHome)))})\n")
          .Append($"EXTRACT=({string.Join(" ", extract.Select(Quote))})\n")
          .Append($"CELLS=({string.Join(" ", cells.Select(Quote))})\n")
          .Append($"mkdir -p {Quote(logs)}\n")
          .Append("if [ -z \"${SLURM_JOB_ID:-}\" ]; then\n")
          .Append("  self=$(readlink -f \"$0\")\n")
          .Append($"  ext=$(sbatch --parsable --array=0-$((${{#EXTRACT[@]}} - 1)){throttle} --export=ALL,LAYERWISE_STAGE=extract \"$self\")\n")
          .Append("  cel=$(sbatch --parsable --dependency=afterok:${ext%%;*} --export=ALL,LAYERWISE_STAGE=cell \"$self\")\n")
          .Append("  col=$(sbatch --parsable --array=0 --dependency=afterok:${cel%%;*} --export=ALL,LAYERWISE_STAGE=collect \"$self\")\n")
          .Append("  echo \"submitted: extract ${ext%%;*}, cells ${cel%%;*}, collect ${col%%;*}\"\n")
          .Append("  exit 0\n")
          .Append("fi\n")
          .Append("case \"${LAYERWISE_STAGE:-cell}\" in\n")
          .Append("  extract) exec $LAYERWISE replicate --config \"$CONFIG\" --out \"$OUT\" \"${HOME_ARGS[@]}\" --cell \"${EXTRACT[$SLURM_ARRAY_TASK_ID]}\" ;;\n")
          .Append("  cell) exec $LAYERWISE replicate --config \"$CONFIG\" --out \"$OUT\" \"${HOME_ARGS[@]}\" --cell \"${CELLS[$SLURM_ARRAY_TASK_ID]}\" ;;\n")
          .Append("  collect) exec $LAYERWISE replicate --config \"$CONFIG\" --out \"$OUT\" \"${HOME_ARGS[@]}\" --collect ;;\n")
          .Append("  *) echo \"unknown LAYERWISE_STAGE '$LAYERWISE_STAGE'\" >&2; exit 2 ;;\n")
          .Append("esac\n");
        return sb.ToString();
    }

    /// <summary>Writes the script atomically and makes it executable.</summary>
    public static void Write(string path, string script)
    {
        IO.AtomicFile.WriteAllText(path, script);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute);
    }

    static string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
