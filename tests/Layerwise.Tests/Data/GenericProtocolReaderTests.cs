using Layerwise.Data;
using Layerwise.Data.Readers;

namespace Layerwise.Tests.Data;

public class GenericProtocolReaderTests
{
    [Fact]
    public void Five_column_protocol_with_audio_in_wav()
    {
        var s = new GenericProtocolReader().Read(DataFixtures.Root("generic"), "eval");
        Assert.Equal(["DF_E_2000011", "DF_E_2000012", "0", "utt_0004"], s.Ids());
        Assert.Equal(["-", "-", "-", "A05"], s.Utterances.Select(u => u.Attack));
        Assert.Equal(1, s.Count(Label.Bonafide));
        Assert.EndsWith(Path.Combine("wav", "utt_0004.wav"), Assert.Single(s.MissingAudio));
    }

    [Fact]
    public void Any_split_name_with_a_protocol_file_and_the_key_in_field_six()
    {
        var s = new GenericProtocolReader().Read(DataFixtures.Root("generic"), "custom");
        Assert.Equal([Label.Spoof, Label.Bonafide], s.Utterances.Select(u => u.Label));
        Assert.Empty(s.MissingAudio);
    }

    [Fact]
    public void Audio_folder_and_extension_are_configurable()
    {
        var flac = new GenericProtocolReader(new DatasetReaderOptions { Extension = "flac" }).Read(DataFixtures.Root("generic"), "eval");
        Assert.Equal(4, flac.MissingAudio.Count);
        Assert.All(flac.MissingAudio, p => Assert.EndsWith(".flac", p));

        var elsewhere = new GenericProtocolReader(new DatasetReaderOptions { AudioFolder = DataFixtures.Root("generic", "wav") });
        using var dir = new TempDir();
        dir.Write("eval.txt", "S 0 - - spoof\nS a1 - - bonafide\n");
        Assert.Empty(elsewhere.Read(dir.Path, "eval").MissingAudio);
    }

    [Fact]
    public void Missing_key_is_reported()
    {
        using var dir = new TempDir();
        dir.Write("train.txt", "S 0 - - spoof\n\nS 1 - - real\n");
        var e = Assert.Throws<ProtocolFormatException>(() => new GenericProtocolReader().Read(dir.Path, "train"));
        Assert.Equal(3, e.LineNumber);
    }
}
