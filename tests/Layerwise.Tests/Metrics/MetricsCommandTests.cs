using System.Text.Json;
using Layerwise.Cli;

namespace Layerwise.Tests.Metrics;

/// <summary>The `layerwise metrics` contract: JSON keys, fractions, exit codes.</summary>
public class MetricsCommandTests
{
    static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(["metrics", .. args]);

    [Fact]
    public void Labelled_score_file_gives_both_eers_and_counts()
    {
        var (code, output, err) = Run("--scores", Golden.PathOf("ties.scores.txt"));
        Assert.True(code == 0, err);
        var json = JsonDocument.Parse(output).RootElement;
        var g = Golden.Set("ties");
        Assert.Equal(g.GetProperty("eer").GetDouble(), json.GetProperty("eer").GetDouble());
        Assert.Equal(g.GetProperty("eer_threshold").GetDouble(), json.GetProperty("eer_threshold").GetDouble());
        Assert.Equal(g.GetProperty("eer_sklearn").GetDouble(), json.GetProperty("eer_sklearn").GetDouble());
        Assert.Equal(120, json.GetProperty("n_bonafide").GetInt32());
        Assert.Equal(180, json.GetProperty("n_spoof").GetInt32());
        Assert.Equal(JsonValueKind.Object, json.GetProperty("per_attack").ValueKind);
        Assert.False(json.TryGetProperty("min_tdcf", out _));
        Assert.False(json.TryGetProperty("eer_ci95", out _));
    }

    [Fact]
    public void Protocol_asv_scores_and_bootstrap_add_per_attack_tdcf_and_ci()
    {
        var (code, output, err) = Run(
            "--scores", Golden.PathOf("la19_eval.cm_scores.txt"),
            "--protocol", Golden.PathOf("la19_eval.protocol.txt"),
            "--asv-scores", Golden.PathOf("la19_eval.asv_scores.txt"),
            "--bootstrap", "100");
        Assert.True(code == 0, err);
        var json = JsonDocument.Parse(output).RootElement;
        var g = Golden.Json.GetProperty("la19");
        Assert.Equal(g.GetProperty("eer").GetDouble(), json.GetProperty("eer").GetDouble());
        Assert.Equal(g.GetProperty("eer_sklearn").GetDouble(), json.GetProperty("eer_sklearn").GetDouble());
        Assert.Equal(g.GetProperty("min_tdcf_legacy").GetProperty("min_tdcf").GetDouble(), json.GetProperty("min_tdcf").GetDouble());
        Assert.Equal("asvspoof2019-legacy", json.GetProperty("tdcf_formulation").GetString());
        Assert.Equal(g.GetProperty("min_tdcf_revised").GetProperty("min_tdcf").GetDouble(),
            json.GetProperty("min_tdcf_2021_revised").GetDouble());
        Assert.Equal(g.GetProperty("per_attack").GetProperty("A08").GetProperty("eer").GetDouble(),
            json.GetProperty("per_attack").GetProperty("A08").GetProperty("eer").GetDouble());
        var ci = json.GetProperty("eer_ci95");
        Assert.Equal(2, ci.GetArrayLength());
        Assert.InRange(json.GetProperty("eer").GetDouble(), ci[0].GetDouble(), ci[1].GetDouble());
    }

    [Fact]
    public void Trial_metadata_protocol_with_phase_and_revised_tdcf()
    {
        var (code, output, err) = Run(
            "--scores", Golden.PathOf("la19_eval.cm_scores.txt"),
            "--protocol", Golden.PathOf("la21_eval.trial_metadata.txt"),
            "--phase", "eval",
            "--asv-scores", Golden.PathOf("la19_eval.asv_scores.txt"),
            "--tdcf", "2021");
        Assert.True(code == 0, err);
        var json = JsonDocument.Parse(output).RootElement;
        var g = Golden.Json.GetProperty("la21_eval_phase");
        Assert.Equal(g.GetProperty("n_bonafide").GetInt32(), json.GetProperty("n_bonafide").GetInt32());
        Assert.Equal(g.GetProperty("n_spoof").GetInt32(), json.GetProperty("n_spoof").GetInt32());
        Assert.Equal(g.GetProperty("eer").GetDouble(), json.GetProperty("eer").GetDouble());
        Assert.Equal(g.GetProperty("eer_sklearn").GetDouble(), json.GetProperty("eer_sklearn").GetDouble());
        Assert.Equal(g.GetProperty("min_tdcf_revised").GetProperty("min_tdcf").GetDouble(), json.GetProperty("min_tdcf").GetDouble());
        Assert.Equal("asvspoof2021-revised", json.GetProperty("tdcf_formulation").GetString());
    }

    [Fact]
    public void Asvspoof2021_asv_scores_with_keys_default_to_the_revised_tdcf()
    {
        // The fixture's 2019-format ASV scores rewritten as a 2021 score.txt + trial_metadata.txt pair.
        string dir = Path.Combine(Path.GetTempPath(), $"lw-metrics-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var rows = File.ReadAllLines(Golden.PathOf("la19_eval.asv_scores.txt")).Select(l => l.Split(' ')).ToList();
            File.WriteAllLines(Path.Combine(dir, "score.txt"), rows.Select((f, i) => $"LA_0001 T{i} {f[2]}"));
            File.WriteAllLines(Path.Combine(dir, "trial_metadata.txt"),
                rows.Select((f, i) => $"LA_0001 T{i} alaw ita_tx {f[0]} {f[1]} notrim eval"));
            var (code, output, err) = Run(
                "--scores", Golden.PathOf("la19_eval.cm_scores.txt"),
                "--protocol", Golden.PathOf("la19_eval.protocol.txt"),
                "--asv-scores", Path.Combine(dir, "score.txt"),
                "--asv-keys", Path.Combine(dir, "trial_metadata.txt"));
            Assert.True(code == 0, err);
            var json = JsonDocument.Parse(output).RootElement;
            var g = Golden.Json.GetProperty("la19");
            Assert.Equal("asvspoof2021-revised", json.GetProperty("tdcf_formulation").GetString());
            Assert.Equal(g.GetProperty("min_tdcf_revised").GetProperty("min_tdcf").GetDouble(), json.GetProperty("min_tdcf").GetDouble());
            Assert.Equal(g.GetProperty("asv").GetProperty("pfa_spoof").GetDouble(), json.GetProperty("asv").GetProperty("pfa_spoof").GetDouble());
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Bad_input_exits_2_with_one_line_naming_file_and_line()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"lw-metrics-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            string file = Path.Combine(dir, "s.txt");
            File.WriteAllText(file, "a bonafide 1\nb spoof zero\n");
            var (code, output, err) = Run("--scores", file);
            Assert.Equal(LayerwiseCli.ExitBadInput, code);
            Assert.Equal("", output);
            Assert.Equal($"layerwise: error: {file}:2: 'zero' is not a number", err.Trim());

            // Unlabelled scores without a protocol.
            (code, _, err) = Run("--scores", Golden.PathOf("la19_eval.cm_scores.txt"));
            Assert.Equal(LayerwiseCli.ExitBadInput, code);
            Assert.Contains("la19_eval.cm_scores.txt:1: no label", err);

            (code, _, _) = Run("--scores", Path.Combine(dir, "missing.txt"));
            Assert.Equal(LayerwiseCli.ExitBadInput, code);
            (code, _, _) = Run();
            Assert.Equal(LayerwiseCli.ExitBadInput, code);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
