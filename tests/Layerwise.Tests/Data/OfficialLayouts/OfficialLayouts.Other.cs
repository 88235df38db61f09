namespace Layerwise.Tests.Data;

internal static partial class OfficialLayouts
{
    /// <summary>In-the-Wild, release_in_the_wild.zip: release_in_the_wild/{n}.wav and meta.csv (header file,speaker,label; labels
    /// spoof / bona-fide; speaker names with commas and quotes are CSV-quoted), here with CRLF line ends. 4.wav is absent.</summary>
    static void InTheWild(Writer w)
    {
        w.Text("release_in_the_wild/meta.csv", ["file,speaker,label", "0.wav,Alec Guinness,spoof", "1.wav,\"Doe, John\",bona-fide",
            "2.wav,\"Dwayne \"\"The Rock\"\" Johnson\",spoof", "3.wav,Barack Obama,bona-fide", "4.wav,\"Obama, Barack\",spoof"], crlf: true);
        for (int i = 0; i < 4; i++)
            w.Clip($"release_in_the_wild/{i}.wav");
    }

    /// <summary>SceneFake: SceneFake/{train,dev,eval}/{real,fake}/*.wav, labelled by folder (no protocol file).</summary>
    static void SceneFake(Writer w)
    {
        foreach (var (split, real, fake) in new[] { ("train", 2, 3), ("dev", 1, 2), ("eval", 1, 2) })
        {
            for (int i = 0; i < real; i++)
                w.Clip($"SceneFake/{split}/real/{split}_real_{i:00000}.wav");
            for (int i = 0; i < fake; i++)
                w.Clip($"SceneFake/{split}/fake/{split}_fake_{i:00000}.wav");
        }
    }

    /// <summary>CtrSVDD (SVDD 2024): {train,dev,test}.txt, 6 fields `CORPUS SINGER FILE - ATTACK KEY` (KEY bonafide|deepfake), with
    /// {split}_set/{FILE}.flac. CtrSVDD_0097_D_0010994 (dev) has no audio file.</summary>
    static void CtrSvdd(Writer w)
    {
        var sets = new (string Split, string[] Lines)[]
        {
            ("train", ["m4singer CtrSVDD_0110 CtrSVDD_0110_T_0015416 - - bonafide", "jvsmusic CtrSVDD_0097 CtrSVDD_0097_T_0010993 - A01 deepfake",
                "kising CtrSVDD_0050 CtrSVDD_0050_T_0000001 - A02 deepfake"]),
            ("dev", ["m4singer CtrSVDD_0110 CtrSVDD_0110_D_0015416 - - bonafide", "jvsmusic CtrSVDD_0097 CtrSVDD_0097_D_0010993 - A06 deepfake",
                "jvsmusic CtrSVDD_0097 CtrSVDD_0097_D_0010994 - A06 deepfake"]),
            ("test", ["opencpop CtrSVDD_0200 CtrSVDD_0200_E_0000001 - - bonafide", "opencpop CtrSVDD_0200 CtrSVDD_0200_E_0000002 - A09 deepfake"]),
        };
        foreach (var (split, lines) in sets)
        {
            w.Text($"{split}.txt", lines);
            foreach (string file in lines.Select(l => l.Split(' ')[2]).Where(f => f != "CtrSVDD_0097_D_0010994"))
                w.Clip($"{split}_set/{file}.flac");
        }
    }
}
