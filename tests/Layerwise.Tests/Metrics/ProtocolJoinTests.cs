using Layerwise.Data;
using Layerwise.Metrics;

namespace Layerwise.Tests.Metrics;

public class ProtocolJoinTests
{
    const string Protocol2019 = """
        LA_0039 LA_E_1 - A11 spoof
        LA_0039 LA_E_2 - - bonafide
        LA_0040 LA_E_3 - A07 spoof
        """;

    static IReadOnlyList<ProtocolEntry> P2019() => ProtocolFile.Parse(new StringReader(Protocol2019), "protocol.txt");
    static IReadOnlyList<ScoreLine> S(string text) => ScoreFile.Parse(new StringReader(text), "scores.txt");

    [Fact]
    public void Joins_by_id_in_any_order()
    {
        var joined = ProtocolJoin.Join(S("LA_E_3 0.3\nLA_E_1 0.1\nLA_E_2 0.2\n"), P2019());
        Assert.Equal(["LA_E_3", "LA_E_1", "LA_E_2"], joined.Select(j => j.UttId));
        Assert.Equal([Label.Spoof, Label.Spoof, Label.Bonafide], joined.Select(j => j.Label));
        Assert.Equal(["A07", "A11", "-"], joined.Select(j => j.Attack));
        Assert.Equal([0.3, 0.1, 0.2], joined.Select(j => j.Score));
    }

    [Fact]
    public void Score_not_in_protocol_names_the_score_file_and_line()
    {
        var e = Assert.Throws<ScoreFileException>(() => ProtocolJoin.Join(S("LA_E_1 0.1\nLA_E_9 0.2\n"), P2019()));
        Assert.Equal("scores.txt", e.Path);
        Assert.Equal(2, e.Line);
        Assert.Contains("'LA_E_9' is not in the protocol", e.Message);
    }

    [Fact]
    public void Unscored_protocol_entry_names_the_protocol_line_unless_allowed()
    {
        var e = Assert.Throws<ScoreFileException>(() => ProtocolJoin.Join(S("LA_E_1 0.1\n"), P2019()));
        Assert.Equal("protocol.txt", e.Path);
        Assert.Equal(2, e.Line);
        Assert.Contains("'LA_E_2' has no score (nor do 1 more of 3 entries)", e.Message);
        var partial = ProtocolJoin.Join(S("LA_E_1 0.1\n"), P2019(), new JoinOptions { AllowUnscored = true });
        Assert.Single(partial);
    }

    [Fact]
    public void Label_contradicting_the_protocol_is_an_error()
    {
        var e = Assert.Throws<ScoreFileException>(() =>
            ProtocolJoin.Join(S("LA_E_1 bonafide 0.1\nLA_E_2 bonafide 0.2\nLA_E_3 spoof 0\n"), P2019()));
        Assert.Equal(1, e.Line);
        Assert.Contains("protocol (protocol.txt:1) says spoof", e.Message);
    }

    [Fact]
    public void Duplicate_protocol_ids_are_an_error()
    {
        var e = Assert.Throws<ScoreFileException>(() => ProtocolJoin.Join(S("LA_E_1 0.1\n"),
            ProtocolFile.Parse(new StringReader(Protocol2019 + "\nX LA_E_1 - A11 spoof\n"), "protocol.txt")));
        Assert.Equal(4, e.Line);
    }

    [Fact]
    public void Reads_2021_trial_metadata_and_filters_by_phase()
    {
        var protocol = ProtocolFile.Parse(new StringReader("""
            LA_0009 LA_E_9332881 alaw ita_tx A07 spoof notrim eval
            LA_0009 LA_E_8589971 alaw ita_tx A07 spoof notrim progress
            LA_0020 LA_E_7294490 g722 loc_tx bonafide bonafide notrim eval
            """), "trial_metadata.txt");
        Assert.Equal(["A07", "A07", "bonafide"], protocol.Select(p => p.Attack));
        Assert.Equal(["eval", "progress", "eval"], protocol.Select(p => p.Phase));
        var joined = ProtocolJoin.Join(S("LA_E_9332881 -1\nLA_E_8589971 -2\nLA_E_7294490 3\n"), protocol,
            new JoinOptions { Phase = "eval" });
        Assert.Equal(["LA_E_9332881", "LA_E_7294490"], joined.Select(j => j.UttId));
        Assert.Throws<ScoreFileException>(() => ProtocolJoin.Join(S("LA_E_1 1\nLA_E_2 2\nLA_E_3 3\n"), P2019(),
            new JoinOptions { Phase = "eval" }));
    }

    [Fact]
    public void Protocol_errors_name_file_and_line()
    {
        var e = Assert.Throws<ScoreFileException>(() =>
            ProtocolFile.Parse(new StringReader("LA_0039 LA_E_1 - A11 spoof\nLA_0039 LA_E_2 - A11 fake\n"), "p.txt"));
        Assert.StartsWith("p.txt:2: no key", e.Message);
        e = Assert.Throws<ScoreFileException>(() => ProtocolFile.Parse(new StringReader("LA_E_1 spoof\n"), "p.txt"));
        Assert.Equal(1, e.Line);
    }

    [Fact]
    public void Joins_with_dataset_utterances()
    {
        var utterances = new List<Utterance>
        {
            new("LA_E_1", "a.flac", Label.Spoof, "A11", "LA_0039", "eval"),
            new("LA_E_2", "b.flac", Label.Bonafide, "-", "LA_0039", "eval"),
        };
        var joined = ProtocolJoin.Join(S("LA_E_2 2\nLA_E_1 1\n"), utterances);
        Assert.Equal([Label.Bonafide, Label.Spoof], joined.Select(j => j.Label));
        var e = Assert.Throws<ScoreFileException>(() => ProtocolJoin.Join(S("LA_E_2 2\n"), utterances));
        Assert.Contains("'LA_E_1' has no score", e.Message);
        Assert.Equal(1, e.Line);
    }
}
