namespace Layerwise.Tests.Data;

internal static partial class OfficialLayouts
{
    /// <summary>ADD 2023 Track 1.2: Track1.2/{train,dev,testR1,testR2}/label.txt (`FILE.wav genuine|fake`) with the WAVs in wav/
    /// beside it. ADD2023_T1.2R2_E_00000005 (testR2) has no audio file.</summary>
    static void Add2023(Writer w)
    {
        var sets = new (string Split, (string File, string Label)[] Rows)[]
        {
            ("train", [("ADD2023_T1.2_T_00000000", "fake"), ("ADD2023_T1.2_T_00000001", "genuine"), ("ADD2023_T1.2_T_00000002", "fake")]),
            ("dev", [("ADD2023_T1.2_D_00000000", "genuine"), ("ADD2023_T1.2_D_00000001", "fake")]),
            ("testR1", [("ADD2023_T1.2R1_E_00000000", "fake"), ("ADD2023_T1.2R1_E_00000001", "genuine")]),
            ("testR2", [("ADD2023_T1.2R2_E_00000003", "genuine"), ("ADD2023_T1.2R2_E_00000004", "fake"), ("ADD2023_T1.2R2_E_00000005", "fake")]),
        };
        foreach (var (split, rows) in sets)
        {
            w.Text($"Track1.2/{split}/label.txt", rows.Select(r => $"{r.File}.wav {r.Label}"));
            foreach (var (file, _) in rows.Where(r => r.File != "ADD2023_T1.2R2_E_00000005"))
                w.Clip($"Track1.2/{split}/wav/{file}.wav");
        }
    }

    /// <summary>HABLA: HABLA/FinalDataset_16khz/{Real,CycleGAN,Diff}/&lt;country or pair&gt;/&lt;speaker or pair&gt;/*.wav (a README
    /// in Real/ is not audio). HABLA publishes no split, so the user's split files train_out.txt / val_out.txt /
    /// test_out.txt (`ID ID _ _ LABEL`, the paper's form) sit in the dataset folder; test_out.txt names Diff-ghost_00000,
    /// which has no audio file.</summary>
    static void Habla(Writer w)
    {
        const string final = "HABLA/FinalDataset_16khz";
        foreach (string file in new[]
                 {
                     "Real/Chile/clf_07508/clf_07508_00799857148.wav", "Real/Argentina/arf_00295/arf_00295_00001008290.wav",
                     "Real/Argentina/arf_00295/arf_00295_00001008291.wav",
                     "CycleGAN/Venezuela-Argentina/vem_02484-arm_01523/CycleGAN-vem_02484_00993837010-arm_01523_020267.wav",
                     "CycleGAN/Chile-Argentina/clf_07508-arf_00295/CycleGAN-clf_07508_00799857148-arf_00295_000001.wav",
                     "Diff/Chile-Argentina/clf_07508-arf_00295/Diff-clf_07508_00799857148-arf_00295_000002.wav",
                 })
            w.Clip($"{final}/{file}");
        w.Text($"{final}/Real/README.txt", ["not audio"]);
        static string Line(string id, string label) => $"{id} {id} _ _ {label}";
        w.Text("train_out.txt", [Line("arf_00295_00001008290", "bonafide"), Line("CycleGAN-vem_02484_00993837010-arm_01523_020267", "spoof")]);
        w.Text("val_out.txt", [Line("clf_07508_00799857148", "bonafide"), Line("Diff-clf_07508_00799857148-arf_00295_000002", "spoof")]);
        w.Text("test_out.txt", [Line("arf_00295_00001008291", "bonafide"), Line("CycleGAN-clf_07508_00799857148-arf_00295_000001", "spoof"),
            Line("Diff-ghost_00000", "spoof")]);
    }
}
