namespace Layerwise.Tests.Data;

internal static partial class OfficialLayouts
{
    /// <summary>ASVspoof 2019 LA as LA.zip extracts: LA/ASVspoof2019_LA_cm_protocols/ASVspoof2019.LA.cm.{train.trn,dev.trl,eval.trl}.txt
    /// (`SPEAKER UTT - SYSTEM KEY`) and LA/ASVspoof2019_LA_{split}/flac/{UTT}.flac. The train protocol has CRLF line ends;
    /// LA_D_1132339 (dev) and LA_E_1001227 (eval) have no audio file.</summary>
    static void Asvspoof2019La(Writer w)
    {
        string[] train = ["LA_0079 LA_T_1138215 - - bonafide", "LA_0079 LA_T_1271820 - A01 spoof", "LA_0080 LA_T_1000137 - A02 spoof",
            "LA_0080 LA_T_1004644 - - bonafide", "LA_0081 LA_T_1007571 - A01 spoof"];
        string[] dev = ["LA_0069 LA_D_1047731 - - bonafide", "LA_0070 LA_D_1105538 - A03 spoof", "LA_0070 LA_D_1125976 - A04 spoof",
            "LA_0071 LA_D_1132339 - A04 spoof"];
        string[] eval = ["LA_0039 LA_E_2834763 - A11 spoof", "LA_0040 LA_E_1000147 - - bonafide", "LA_0040 LA_E_1000273 - A07 spoof",
            "LA_0041 LA_E_1000791 - - bonafide", "LA_0041 LA_E_1001227 - A19 spoof"];
        const string protocols = "LA/ASVspoof2019_LA_cm_protocols";
        w.Text($"{protocols}/ASVspoof2019.LA.cm.train.trn.txt", train, crlf: true);
        w.Text($"{protocols}/ASVspoof2019.LA.cm.dev.trl.txt", dev);
        w.Text($"{protocols}/ASVspoof2019.LA.cm.eval.trl.txt", eval);
        foreach (var (split, lines) in new[] { ("train", train), ("dev", dev), ("eval", eval) })
            foreach (string utt in lines.Select(l => l.Split(' ')[1]).Except(["LA_D_1132339", "LA_E_1001227"]))
                w.Clip($"LA/ASVspoof2019_LA_{split}/flac/{utt}.flac");
    }

    /// <summary>ASVspoof 2021 LA eval: ASVspoof2021_LA_eval.tar.gz (ASVspoof2021_LA_eval/ASVspoof2021.LA.cm.eval.trl.txt, the trial
    /// list, and flac/) with LA-keys-full.tar.gz (keys/LA/CM/trial_metadata.txt, 8 fields
    /// `SPEAKER UTT CODEC TRANSMISSION ATTACK KEY TRIM PHASE`). LA_E_1000002 (phase eval) has no audio file.</summary>
    static void Asvspoof2021La(Writer w)
    {
        string[] keys = ["LA_0009 LA_E_9332881 alaw ita_tx A07 spoof notrim eval",
            "LA_0009 LA_E_8589971 alaw ita_tx A07 spoof notrim progress",
            "LA_0020 LA_E_7294490 g722 loc_tx bonafide bonafide notrim eval",
            "LA_0021 LA_E_1000001 none - bonafide bonafide notrim eval",
            "LA_0022 LA_E_1000002 pstn sin_tx A09 spoof notrim eval",
            "LA_0022 LA_E_1000003 gsm loc_tx A16 spoof notrim hidden_track"];
        Asvspoof2021(w, "LA", keys, missing: "LA_E_1000002");
    }

    /// <summary>ASVspoof 2021 DF eval: the four ASVspoof2021_DF_eval_part0{0..3}.tar.gz all extract into ASVspoof2021_DF_eval/
    /// (ASVspoof2021.DF.cm.eval.trl.txt and flac/), keys DF-keys-full.tar.gz -> keys/DF/CM/trial_metadata.txt, 13 fields
    /// `SPEAKER UTT CODEC SOURCE ATTACK KEY TRIM PHASE VOCODER` and four tags. Every trial has its audio.</summary>
    static void Asvspoof2021Df(Writer w)
    {
        string[] keys = ["LA_0023 DF_E_2000011 nocodec asvspoof A14 spoof notrim progress traditional_vocoder - - - -",
            "TEF2 DF_E_2000013 low_m4a vcc2020 Task1-team20 spoof notrim eval neural_vocoder_nonautoregressive Task1 team20 FF E",
            "LA_0043 DF_E_2000026 mp3m4a asvspoof A09 spoof notrim eval traditional_vocoder - - - -",
            "LA_0044 DF_E_2000030 nocodec asvspoof bonafide bonafide notrim eval bonafide - - - -",
            "LA_0045 DF_E_2000031 nocodec asvspoof bonafide bonafide notrim hidden_track bonafide - - - -"];
        Asvspoof2021(w, "DF", keys, missing: null);
    }

    static void Asvspoof2021(Writer w, string track, string[] keys, string? missing)
    {
        string eval = $"ASVspoof2021_{track}_eval";
        var ids = keys.Select(k => k.Split(' ')[1]).ToList();
        w.Text($"{eval}/ASVspoof2021.{track}.cm.eval.trl.txt", ids);
        w.Text($"keys/{track}/CM/trial_metadata.txt", keys);
        foreach (string utt in ids.Where(u => u != missing))
            w.Clip($"{eval}/flac/{utt}.flac");
    }
}
