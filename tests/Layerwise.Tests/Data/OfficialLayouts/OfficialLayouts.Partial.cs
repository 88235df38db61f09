namespace Layerwise.Tests.Data;

internal static partial class OfficialLayouts
{
    /// <summary>PartialSpoof (Zenodo 5766198, database_{train,dev,eval,protocols,segment_labels_v1.2}.tar.gz):
    /// database/protocols/PartialSpoof_LA_cm_protocols/PartialSpoof.LA.cm.{train,dev,eval}.trl.txt (`SPEAKER UTT - SYSTEM KEY`),
    /// database/{split}/con_wav/{UTT}.wav with the id list database/{split}/{split}.lst, and
    /// database/segment_labels/{split}_seglab_{0.16,0.64}.npy (np.save of a dict id -> '&lt;U1' array, '1' bona fide).
    /// Clips are 0.64 s, 4 frames of 0.16 s. CON_E_0000003 (eval) has no audio file but, as in the archive, its labels.</summary>
    static void PartialSpoof(Writer w)
    {
        var sets = new (string Split, (string Line, string Frames)[] Rows)[]
        {
            ("train", [("LA_0079 LA_T_1138215 - - bonafide", "1111"), ("LA_0079 CON_T_0000029 - CON spoof", "1001"),
                ("LA_0080 CON_T_0000000 - CON spoof", "0111")]),
            ("dev", [("LA_0069 LA_D_1047731 - - bonafide", "1111"), ("LA_0070 CON_D_0000001 - CON spoof", "1100")]),
            ("eval", [("LA_0039 LA_E_2834763 - - bonafide", "1111"), ("LA_0040 CON_E_0000002 - CON spoof", "1011"),
                ("LA_0041 CON_E_0000003 - CON spoof", "0011")]),
        };
        foreach (var (split, rows) in sets)
        {
            var ids = rows.Select(r => r.Line.Split(' ')[1]).ToList();
            w.Text($"database/protocols/PartialSpoof_LA_cm_protocols/PartialSpoof.LA.cm.{split}.trl.txt", rows.Select(r => r.Line));
            w.Text($"database/{split}/{split}.lst", ids);
            foreach (string id in ids.Where(id => id != "CON_E_0000003"))
                w.Clip($"database/{split}/con_wav/{id}.wav", samples: 4 * 2560);
            var labels = ids.Zip(rows, (id, r) => (id, r.Frames)).ToList();
            w.Bytes($"database/segment_labels/{split}_seglab_0.16.npy", SegmentLabelNpy.Encode(labels));
            // at 0.64 s a frame is the whole clip: spoof if any 0.16 s frame is
            w.Bytes($"database/segment_labels/{split}_seglab_0.64.npy",
                SegmentLabelNpy.Encode(labels.Select(l => (l.id, l.Frames.Contains('0') ? "0" : "1")).ToList()));
        }
    }

    /// <summary>HAD (Zenodo 10377492): HAD/HAD_{train,dev,test}/HAD_{split}_label.txt (`STEM start-end-T/start-end-F/... LABEL`,
    /// T genuine, F fake, LABEL 1 real / 0 fake) with the WAVs in HAD_{split}/conbine/ (sic). Segments cover each 0.64 s
    /// clip. HAD_test_fake_00000003 has no audio file.</summary>
    static void Had(Writer w)
    {
        var sets = new (string Split, string[] Lines)[]
        {
            ("train", ["HAD_train_fake_00000001 0.00-0.24-T/0.24-0.40-F/0.40-0.64-T 0", "HAD_train_real_00000002 0.00-0.64-T 1"]),
            ("dev", ["HAD_dev_real_00000001 0.00-0.64-T 1", "HAD_dev_fake_00000002 0.00-0.32-T/0.32-0.64-F 0"]),
            ("test", ["HAD_test_fake_00000001 0.00-0.20-F/0.20-0.64-T 0", "HAD_test_real_00000002 0.00-0.64-T 1",
                "HAD_test_fake_00000003 0.00-0.30-T/0.30-0.64-F 0"]),
        };
        foreach (var (split, lines) in sets)
        {
            w.Text($"HAD/HAD_{split}/HAD_{split}_label.txt", lines);
            foreach (string stem in lines.Select(l => l.Split(' ')[0]).Where(s => s != "HAD_test_fake_00000003"))
                w.Clip($"HAD/HAD_{split}/conbine/{stem}.wav", samples: 4 * 2560);
        }
    }
}
