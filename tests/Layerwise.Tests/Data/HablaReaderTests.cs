using Layerwise.Data;
using Layerwise.Data.Readers;

namespace Layerwise.Tests.Data;

public class HablaReaderTests
{
    readonly HablaReader _reader = new();

    [Fact]
    public void All_walks_the_attack_folders()
    {
        var s = _reader.Read(DataFixtures.Root("habla"), "all");
        Assert.Equal(6, s.Utterances.Count); // README.txt is not audio
        Assert.Equal(3, s.Count(Label.Bonafide));
        Assert.Equal(2, s.Utterances.Count(u => u.Attack == "CycleGAN"));
        Assert.Equal(1, s.Utterances.Count(u => u.Attack == "Diff"));
        var real = s.ById("clf_07508_00799857148");
        Assert.Equal((Label.Bonafide, "-", "clf_07508", "Chile"), (real.Label, real.Attack, real.Speaker, real.Tags!["country"]));
        var fake = s.ById("CycleGAN-vem_02484_00993837010-arm_01523_020267");
        Assert.Equal(("vem_02484-arm_01523", "Venezuela-Argentina"), (fake.Speaker, fake.Tags!["country"]));
        Assert.Empty(s.MissingAudio);
        Assert.Equal("all", _reader.DefaultSplit);
    }

    [Fact]
    public void Split_files_take_audio_and_attack_from_the_walk()
    {
        var s = _reader.Read(DataFixtures.Root("habla"), "test");
        Assert.Equal(["arf_00295_00001008291", "CycleGAN-clf_07508_00799857148-arf_00295_000001", "Diff-ghost_00000"], s.Ids());
        Assert.Equal("CycleGAN", s.ById("CycleGAN-clf_07508_00799857148-arf_00295_000001").Attack);
        Assert.EndsWith("Diff-ghost_00000.wav", Assert.Single(s.MissingAudio));
        Assert.Equal(2, _reader.Read(DataFixtures.Root("habla"), "dev").Utterances.Count);
    }
}
