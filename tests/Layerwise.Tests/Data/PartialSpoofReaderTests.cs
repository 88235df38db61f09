using Layerwise.Data;
using Layerwise.Data.Readers;

namespace Layerwise.Tests.Data;

public class PartialSpoofReaderTests
{
    [Fact]
    public void Reads_protocols_and_attaches_segment_labels_from_the_npy()
    {
        var s = new PartialSpoofReader().Read(DataFixtures.Root("partialspoof"), "train");
        Assert.Equal(["LA_T_1138215", "CON_T_0000029", "CON_T_0000000"], s.Ids());
        var con = s.ById("CON_T_0000029");
        Assert.Equal(("CON", Label.Spoof), (con.Attack, con.Label));
        // frames 1 1 0 0 1 at 0.16 s, '1' = bona fide by default
        Assert.Equal([new Segment(0, 0.32, Label.Bonafide), new Segment(0.32, 0.64, Label.Spoof), new Segment(0.64, 0.8, Label.Bonafide)],
            con.Segments!);
        Assert.Equal([new Segment(0, 0.48, Label.Bonafide)], s.ById("LA_T_1138215").Segments!);
        Assert.Equal([new Segment(0, 0.16, Label.Spoof), new Segment(0.16, 0.32, Label.Bonafide)], s.ById("CON_T_0000000").Segments!);
    }

    [Fact]
    public void Reads_the_text_variant_of_segment_labels()
    {
        using var dir = new TempDir();
        dir.Write("database/protocols/PartialSpoof_LA_cm_protocols/PartialSpoof.LA.cm.dev.trl.txt",
            "S1 CON_D_0001 - CON spoof\nS2 LA_D_0002 - - bonafide\n");
        dir.Write("database/dev/con_wav/CON_D_0001.wav", "");
        dir.Write("database/dev/con_wav/LA_D_0002.wav", "");
        dir.Write("database/segment_labels/dev_seglab_0.16.txt", "CON_D_0001 1 0 0 1\nLA_D_0002 1 1\n");

        var s = new PartialSpoofReader().Read(dir.Path, "dev");

        Assert.Equal([new Segment(0, 0.16, Label.Bonafide), new Segment(0.16, 0.48, Label.Spoof), new Segment(0.48, 0.64, Label.Bonafide)],
            s.ById("CON_D_0001").Segments!);
        Assert.Equal([new Segment(0, 0.32, Label.Bonafide)], s.ById("LA_D_0002").Segments!);
    }

    [Fact]
    public void Malformed_text_segment_labels_name_file_and_line()
    {
        using var dir = new TempDir();
        dir.Write("database/protocols/PartialSpoof_LA_cm_protocols/PartialSpoof.LA.cm.dev.trl.txt", "S1 CON_D_0001 - CON spoof\n");
        string labels = dir.Write("database/segment_labels/dev_seglab_0.16.txt", "CON_D_0001 1 0\nCON_D_0002 1 x 0\n");

        var e = Assert.Throws<ProtocolFormatException>(() => new PartialSpoofReader().Read(dir.Path, "dev"));

        Assert.Equal(labels, e.FilePath);
        Assert.Equal(2, e.LineNumber);
        Assert.Contains("'x'", e.Message);
    }

    [Fact]
    public void Segment_polarity_is_configurable()
    {
        var s = new PartialSpoofReader(new DatasetReaderOptions { SegmentLabelOne = Label.Spoof }).Read(DataFixtures.Root("partialspoof"), "train");
        Assert.Equal([new Segment(0, 0.16, Label.Bonafide), new Segment(0.16, 0.32, Label.Spoof)], s.ById("CON_T_0000000").Segments!);
    }

    [Fact]
    public void Without_a_segment_file_segments_are_null_and_missing_audio_is_counted()
    {
        var s = new PartialSpoofReader().Read(DataFixtures.Root("partialspoof"), "eval");
        Assert.All(s.Utterances, u => Assert.Null(u.Segments));
        Assert.EndsWith(Path.Combine("eval", "con_wav", "CON_E_0000003.wav"), Assert.Single(s.MissingAudio));
        Assert.Equal(3, s.Utterances.Count);
    }

    [Fact]
    public void Root_may_be_the_database_folder()
    {
        var s = new PartialSpoofReader().Read(DataFixtures.Root("partialspoof", "database"), "dev");
        Assert.Equal(["LA_D_1047731", "CON_D_0000001"], s.Ids());
        Assert.Empty(s.MissingAudio);
        // dev labels are int64 arrays 0 0 1; LA_D_1047731 has no entry
        Assert.Null(s.ById("LA_D_1047731").Segments);
        Assert.Equal([new Segment(0, 0.32, Label.Spoof), new Segment(0.32, 0.48, Label.Bonafide)], s.ById("CON_D_0000001").Segments!);
    }

    [Fact]
    public void Truncated_or_foreign_segment_files_are_format_errors()
    {
        byte[] bytes = File.ReadAllBytes(DataFixtures.Root("partialspoof", "database", "segment_labels", "train_seglab_0.16.npy"));
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "x.npy");
        foreach (int cut in new[] { 40, 200, bytes.Length - 300 })
        {
            File.WriteAllBytes(path, bytes[..^cut]);
            Assert.Throws<ProtocolFormatException>(() => SegmentLabelFile.Read(path));
        }
        File.WriteAllText(path, "not a pickle at all");
        Assert.Throws<ProtocolFormatException>(() => SegmentLabelFile.Read(path));
    }
}
