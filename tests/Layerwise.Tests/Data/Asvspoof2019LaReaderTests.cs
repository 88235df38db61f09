using Layerwise.Data;
using Layerwise.Data.Readers;

namespace Layerwise.Tests.Data;

public class Asvspoof2019LaReaderTests
{
    readonly Asvspoof2019LaReader _reader = new();

    [Fact]
    public void Train_reads_every_protocol_line_in_order()
    {
        var split = _reader.Read(DataFixtures.Root("asvspoof2019-la"), "train");
        Assert.Equal(["LA_T_1138215", "LA_T_1271820", "LA_T_1000137", "LA_T_1004644", "LA_T_1007571"], split.Ids());
        Assert.Equal(2, split.Count(Label.Bonafide));
        Assert.Equal(3, split.Count(Label.Spoof));
        Assert.Empty(split.MissingAudio);
        var u = split.ById("LA_T_1000137");
        Assert.Equal(("A02", "LA_0080", "train"), (u.Attack, u.Speaker, u.Split));
        Assert.Equal(Path.Combine("LA", "ASVspoof2019_LA_train", "flac", "LA_T_1000137.flac"),
            Path.GetRelativePath(DataFixtures.Root("asvspoof2019-la"), u.AudioPath));
        Assert.True(File.Exists(u.AudioPath));
    }

    [Fact]
    public void Missing_audio_stays_in_the_split_and_is_named()
    {
        var split = _reader.Read(DataFixtures.Root("asvspoof2019-la"), "eval");
        Assert.Equal(5, split.Utterances.Count);
        var missing = Assert.Single(split.MissingAudio);
        Assert.EndsWith("LA_E_1001227.flac", missing);
        Assert.Equal(missing, split.ById("LA_E_1001227").AudioPath);
        Assert.False(File.Exists(missing));
    }

    [Fact]
    public void Root_may_be_the_LA_folder_itself()
    {
        var split = _reader.Read(DataFixtures.Root("asvspoof2019-la", "LA"), "dev");
        Assert.Equal(4, split.Utterances.Count);
        Assert.Single(split.MissingAudio);
    }

    [Fact]
    public void Malformed_lines_are_reported_with_file_and_line_numbers()
    {
        var e = Assert.Throws<ProtocolFormatException>(() => _reader.Read(DataFixtures.Root("broken", "asvspoof2019-la"), "train"));
        Assert.Equal([3, 5, 6], e.Errors.Select(x => x.LineNumber));
        Assert.Equal(3, e.LineNumber);
        Assert.EndsWith("ASVspoof2019.LA.cm.train.trn.txt", e.FilePath);
        Assert.Contains("ASVspoof2019.LA.cm.train.trn.txt:3: expected 5 fields", e.Message);
        Assert.Contains(":5: KEY must be 'bonafide' or 'spoof', got 'spooof'", e.Message);
        Assert.Contains(":6: duplicate utterance id 'LA_T_1138215' (first at line 1)", e.Message);
        Assert.IsAssignableFrom<LayerwiseInputException>(e);
    }

    [Fact]
    public void A_missing_protocol_says_where_it_looked()
    {
        var e = Assert.Throws<DatasetLayoutException>(() => _reader.Read(DataFixtures.Root("broken", "asvspoof2019-la"), "eval"));
        Assert.Contains("ASVspoof2019_LA_cm_protocols/ASVspoof2019.LA.cm.eval.trl.txt", e.Message);
    }

    [Fact]
    public void Unknown_split_and_missing_root_are_input_errors()
    {
        Assert.Throws<DatasetLayoutException>(() => _reader.Read(DataFixtures.Root("asvspoof2019-la"), "test"));
        Assert.Throws<DatasetLayoutException>(() => _reader.Read(DataFixtures.Root("no-such-folder"), "eval"));
    }
}
