using Layerwise.Audio;
using Layerwise.Data;
using Layerwise.Data.Readers;

namespace Layerwise.Tests.Data;

/// <summary>Every reader over the replicas <see cref="OfficialLayouts"/> builds: the ids, labels and missing audio files
/// below are read off the builder's lines by hand. Entries whose audio is absent stay in the split and are listed in
/// MissingAudio (what the readers do today); CRLF protocols read like LF ones.</summary>
public class OfficialLayoutsTests(OfficialLayoutsTests.Home home) : IClassFixture<OfficialLayoutsTests.Home>
{
    public sealed class Home : IDisposable
    {
        readonly TempDir _dir = new();
        public Home() => OfficialLayouts.Build(_dir.Path);
        public string Root(string id) => Path.Combine(_dir.Path, id);
        public void Dispose() => _dir.Dispose();
    }

    DatasetSplit Read(string id, string split) => DatasetCatalog.Read(id, home.Root(id), split);

    static string Missing(DatasetSplit s) => Path.GetRelativePath(Path.GetDirectoryName(Path.GetDirectoryName(Assert.Single(s.MissingAudio))!)!,
        s.MissingAudio[0]).Replace('\\', '/');

    [Fact]
    public void Asvspoof2019La_reads_the_crlf_train_protocol_and_names_the_missing_flac()
    {
        var train = Read("asvspoof2019-la", "train");
        Assert.Equal(["LA_T_1138215", "LA_T_1271820", "LA_T_1000137", "LA_T_1004644", "LA_T_1007571"], train.Ids());
        Assert.Equal(["-", "A01", "A02", "-", "A01"], train.Utterances.Select(u => u.Attack));
        Assert.Equal((2, 3), (train.Count(Label.Bonafide), train.Count(Label.Spoof)));
        Assert.Empty(train.MissingAudio);
        Assert.Contains("\r\n", File.ReadAllText(Path.Combine(home.Root("asvspoof2019-la"), "LA", "ASVspoof2019_LA_cm_protocols",
            "ASVspoof2019.LA.cm.train.trn.txt")));

        var dev = Read("asvspoof2019-la", "dev");
        Assert.Equal(4, dev.Utterances.Count);
        Assert.Equal("flac/LA_D_1132339.flac", Missing(dev));
        var eval = Read("asvspoof2019-la", "eval");
        Assert.Equal(["LA_E_2834763", "LA_E_1000147", "LA_E_1000273", "LA_E_1000791", "LA_E_1001227"], eval.Ids());
        Assert.Equal("flac/LA_E_1001227.flac", Missing(eval));
        Assert.EndsWith(Path.Combine("LA", "ASVspoof2019_LA_eval", "flac", "LA_E_2834763.flac"), eval.ById("LA_E_2834763").AudioPath);
    }

    [Fact]
    public void Asvspoof2021_keys_select_the_eval_phase()
    {
        var la = Read("asvspoof2021-la", "eval");
        Assert.Equal(["LA_E_9332881", "LA_E_7294490", "LA_E_1000001", "LA_E_1000002"], la.Ids());
        Assert.Equal((2, 2), (la.Count(Label.Bonafide), la.Count(Label.Spoof)));
        Assert.Equal(("alaw", "A07"), (la.ById("LA_E_9332881").Codec, la.ById("LA_E_9332881").Attack));
        Assert.Equal("flac/LA_E_1000002.flac", Missing(la));

        var df = Read("asvspoof2021-df", "eval");
        Assert.Equal(["DF_E_2000013", "DF_E_2000026", "DF_E_2000030"], df.Ids());
        Assert.Equal((1, 2), (df.Count(Label.Bonafide), df.Count(Label.Spoof)));
        Assert.Equal("neural_vocoder_nonautoregressive", df.ById("DF_E_2000013").Tags!["vocoder"]);
        Assert.Empty(df.MissingAudio);
    }

    [Fact]
    public void InTheWild_reads_the_quoted_crlf_csv()
    {
        var s = Read("in-the-wild", "eval");
        Assert.Equal(["0", "1", "2", "3", "4"], s.Ids());
        Assert.Equal([Label.Spoof, Label.Bonafide, Label.Spoof, Label.Bonafide, Label.Spoof], s.Utterances.Select(u => u.Label));
        Assert.Equal(["Alec Guinness", "Doe, John", "Dwayne \"The Rock\" Johnson", "Barack Obama", "Obama, Barack"], s.Utterances.Select(u => u.Speaker));
        Assert.Equal("release_in_the_wild/4.wav", Missing(s));
    }

    [Fact]
    public void Add2023_reads_all_four_rounds()
    {
        Assert.Equal(["ADD2023_T1.2_T_00000000", "ADD2023_T1.2_T_00000001", "ADD2023_T1.2_T_00000002"], Read("add2023", "train").Ids());
        Assert.Equal(2, Read("add2023", "dev").Utterances.Count);
        var r1 = Read("add2023", "testR1");
        Assert.Equal([Label.Spoof, Label.Bonafide], r1.Utterances.Select(u => u.Label));
        Assert.Empty(r1.MissingAudio);
        var r2 = Read("add2023", "testR2");
        Assert.Equal(["ADD2023_T1.2R2_E_00000003", "ADD2023_T1.2R2_E_00000004", "ADD2023_T1.2R2_E_00000005"], r2.Ids());
        Assert.Equal("wav/ADD2023_T1.2R2_E_00000005.wav", Missing(r2));
    }

    [Fact]
    public void Habla_walks_the_folders_and_reads_the_split_files()
    {
        var all = Read("habla", "all");
        Assert.Equal(6, all.Utterances.Count); // README.txt is not audio
        Assert.Equal((3, 3), (all.Count(Label.Bonafide), all.Count(Label.Spoof)));
        Assert.Equal(["arf_00295_00001008290", "CycleGAN-vem_02484_00993837010-arm_01523_020267"], Read("habla", "train").Ids());
        Assert.Equal("CycleGAN", Read("habla", "train").ById("CycleGAN-vem_02484_00993837010-arm_01523_020267").Attack);
        var test = Read("habla", "test");
        Assert.Equal(3, test.Utterances.Count);
        Assert.EndsWith("Diff-ghost_00000.wav", Assert.Single(test.MissingAudio));
    }

    [Fact]
    public void PartialSpoof_attaches_the_npy_segment_labels()
    {
        var train = Read("partialspoof", "train");
        Assert.Equal(["LA_T_1138215", "CON_T_0000029", "CON_T_0000000"], train.Ids());
        Assert.Equal([new Segment(0, 0.64, Label.Bonafide)], train.ById("LA_T_1138215").Segments!);
        // 1 0 0 1 at 0.16 s, '1' bona fide
        Assert.Equal([new Segment(0, 0.16, Label.Bonafide), new Segment(0.16, 0.48, Label.Spoof), new Segment(0.48, 0.64, Label.Bonafide)],
            train.ById("CON_T_0000029").Segments!);
        Assert.Equal([new Segment(0, 0.32, Label.Bonafide), new Segment(0.32, 0.64, Label.Spoof)], Read("partialspoof", "dev").ById("CON_D_0000001").Segments!);
        var eval = Read("partialspoof", "eval");
        Assert.Equal(3, eval.Utterances.Count);
        Assert.Equal("con_wav/CON_E_0000003.wav", Missing(eval));
        Assert.Equal([new Segment(0, 0.32, Label.Spoof), new Segment(0.32, 0.64, Label.Bonafide)], eval.ById("CON_E_0000003").Segments!);
        Assert.Equal(0.64, AudioFile.Info(eval.ById("CON_E_0000002").AudioPath).Seconds, 6);

        var coarse = new PartialSpoofReader(new DatasetReaderOptions { SegmentResolution = 0.64 }).Read(home.Root("partialspoof"), "train");
        Assert.Equal([new Segment(0, 0.64, Label.Spoof)], coarse.ById("CON_T_0000000").Segments!);
    }

    [Fact]
    public void Had_reads_segments_from_the_label_files()
    {
        var train = Read("had", "train");
        Assert.Equal(["HAD_train_fake_00000001", "HAD_train_real_00000002"], train.Ids());
        Assert.Equal([new Segment(0, 0.24, Label.Bonafide), new Segment(0.24, 0.40, Label.Spoof), new Segment(0.40, 0.64, Label.Bonafide)],
            train.ById("HAD_train_fake_00000001").Segments!);
        Assert.Equal([Label.Spoof, Label.Bonafide], train.Utterances.Select(u => u.Label));
        Assert.EndsWith(Path.Combine("HAD_train", "conbine", "HAD_train_real_00000002.wav"), train.ById("HAD_train_real_00000002").AudioPath);
        var test = Read("had", "test");
        Assert.Equal(3, test.Utterances.Count);
        Assert.Equal("conbine/HAD_test_fake_00000003.wav", Missing(test));
    }

    [Fact]
    public void SceneFake_labels_by_folder()
    {
        var train = Read("scenefake", "train");
        Assert.Equal(["train_fake_00000", "train_fake_00001", "train_fake_00002", "train_real_00000", "train_real_00001"], train.Ids());
        Assert.Equal((2, 3), (train.Count(Label.Bonafide), train.Count(Label.Spoof)));
        Assert.Equal((1, 2), (Read("scenefake", "eval").Count(Label.Bonafide), Read("scenefake", "eval").Count(Label.Spoof)));
    }

    [Fact]
    public void CtrSvdd_reads_the_six_field_metadata_and_the_flac_sets()
    {
        var train = Read("ctrsvdd", "train");
        Assert.Equal(["CtrSVDD_0110_T_0015416", "CtrSVDD_0097_T_0010993", "CtrSVDD_0050_T_0000001"], train.Ids());
        Assert.Equal([Label.Bonafide, Label.Spoof, Label.Spoof], train.Utterances.Select(u => u.Label));
        var dev = Read("ctrsvdd", "dev");
        Assert.Equal(3, dev.Utterances.Count);
        Assert.Equal("dev_set/CtrSVDD_0097_D_0010994.flac", Missing(dev));
        Assert.Equal(2, Read("ctrsvdd", "test").Utterances.Count);
    }

    /// <summary>The audio is what the archives ship (FLAC for the ASVspoof sets and CtrSVDD, WAV elsewhere), 16 kHz mono, and long
    /// enough for the SSL front-end's CNN.</summary>
    [Theory]
    [InlineData("asvspoof2019-la", "LA/ASVspoof2019_LA_train/flac/LA_T_1138215.flac", "flac")]
    [InlineData("asvspoof2021-df", "ASVspoof2021_DF_eval/flac/DF_E_2000011.flac", "flac")]
    [InlineData("ctrsvdd", "test_set/CtrSVDD_0200_E_0000001.flac", "flac")]
    [InlineData("in-the-wild", "release_in_the_wild/0.wav", "wav")]
    [InlineData("had", "HAD/HAD_dev/conbine/HAD_dev_real_00000001.wav", "wav")]
    public void Audio_is_in_the_archives_format(string id, string relative, string format)
    {
        var info = AudioFile.Info(Path.Combine(home.Root(id), relative));
        Assert.Equal((format, 16000, 1, 16), (info.Format.ToLowerInvariant(), info.SampleRate, info.Channels, info.BitsPerSample));
        Assert.InRange(info.Seconds, 0.5, 0.64);
        Assert.Equal(info.Samples, AudioFile.ReadPcm(Path.Combine(home.Root(id), relative)).Channels[0].Length);
    }
}
