using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Layerwise.Cli.Commands;

/// <summary>The demo's phase profile: when each stage and each sweep run started, in seconds since the command
/// started (corpus and model loading included), written as phases.csv so that where the time goes is measured,
/// not guessed. Seconds are wall time: on a shared machine compare phases with each other, not across runs.</summary>
internal sealed class DemoPhases
{
    public const string FileName = "phases.csv";

    readonly Stopwatch clock = Stopwatch.StartNew();
    readonly List<(double Start, string Phase)> phases = [];

    public void Mark(string phase) => phases.Add((clock.Elapsed.TotalSeconds, phase));

    /// <summary>phase,start_s,seconds (the last row, "done", has 0 seconds).</summary>
    public void Write(string path)
    {
        Mark("done");
        var sb = new StringBuilder("phase,start_s,seconds\n");
        for (int i = 0; i < phases.Count; i++)
        {
            double end = i + 1 < phases.Count ? phases[i + 1].Start : phases[i].Start;
            string name = phases[i].Phase.Replace("\"", "'", StringComparison.Ordinal);
            sb.Append(CultureInfo.InvariantCulture, $"\"{name}\",{phases[i].Start:F2},{end - phases[i].Start:F2}\n");
        }
        File.WriteAllText(path, sb.ToString());
    }
}
