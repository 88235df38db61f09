namespace Layerwise.Data.Demo;

/// <summary>What the synthesiser knows about an utterance besides its samples: the F0 track at the control
/// rate (1 ms; 0 where unvoiced). Vocoder attacks use it as their "analysis" (a perfect pitch tracker).</summary>
internal sealed record DemoSignal(double[] Samples, double[] F0PerMs);

/// <summary>Source–filter synthesis of speech-like (or sung) utterances: a jittered/shimmered Rosenberg glottal
/// pulse with spectral tilt and aspiration, a cascade of five Klatt formant resonators whose targets glide between
/// phones (coarticulation by zero-phase smoothing), band-pass frication and plosive bursts, and a noise floor.</summary>
internal static class DemoSynthesizer
{
    public const int SampleRate = 16000;
    const int Block = 16; // control rate: 1 ms

    sealed class Track(int n)
    {
        public readonly double[] F1 = new double[n], F2 = new double[n], F3 = new double[n];
        public readonly double[] Voice = new double[n], Fric = new double[n], FricHz = new double[n], FricBw = new double[n];
        public readonly double[] Nasal = new double[n], Pitch = new double[n], Trill = new double[n];
    }

    /// <summary>One utterance of about <paramref name="seconds"/>. <paramref name="song"/> gives sustained notes with vibrato.</summary>
    public static DemoSignal Synthesize(DemoSpeaker speaker, double seconds, DemoRandom rng, bool song = false)
    {
        int n = (int)Math.Round(seconds * SampleRate);
        int blocks = n / Block + 2;
        var tr = new Track(blocks);
        FillPhones(tr, speaker, blocks, rng, song);
        var samples = Render(tr, speaker, n, rng);
        var f0 = new double[blocks];
        for (int b = 0; b < blocks; b++) f0[b] = tr.Voice[b] > 0.2 ? tr.Pitch[b] : 0;
        return new DemoSignal(samples, f0);
    }

    static void FillPhones(Track tr, DemoSpeaker spk, int blocks, DemoRandom rng, bool song)
    {
        var lang = spk.Language;
        int lead = (int)(rng.Uniform(0.08, 0.22) * 1000), tail = (int)(rng.Uniform(0.08, 0.22) * 1000);
        int speech = Math.Max(200, blocks - lead - tail);

        // Plan syllables until the speech span is filled, then squeeze/stretch them to fit exactly.
        var plan = new List<(DemoPhone Phone, double Ms, int Syllable, bool Stressed)>();
        double total = 0;
        int syllable = 0;
        var pauses = new List<(int AfterIndex, double Ms)>();
        while (total < speech)
        {
            bool stressed = song || rng.Chance(0.35);
            if (rng.Chance(0.8))
            {
                var c = rng.Pick(lang.Onsets);
                double ms = c.Ms * spk.Rate * rng.Uniform(0.8, 1.2);
                plan.Add((c, ms, syllable, stressed)); total += ms;
            }
            var v = rng.Pick(lang.Vowels);
            double vms = song ? rng.Uniform(220, 520) : v.Ms * spk.Rate * rng.Uniform(0.8, 1.25) * (stressed ? 1.35 : 1.0) * 5.0 / lang.SyllableRate;
            plan.Add((v, vms, syllable, stressed)); total += vms;
            if (rng.Chance(lang.CodaProbability))
            {
                var c = rng.Pick(lang.Codas);
                double ms = c.Ms * spk.Rate * rng.Uniform(0.8, 1.2);
                plan.Add((c, ms, syllable, stressed)); total += ms;
            }
            if (!song && rng.Chance(0.1))
            {
                double ms = rng.Uniform(60, 180);
                pauses.Add((plan.Count - 1, ms)); total += ms;
            }
            syllable++;
        }
        double scale = speech / total;

        // F0 contour in semitones around the speaker's median.
        var semis = new double[blocks];
        double range = spk.F0RangeSemitones;
        double p1 = rng.Uniform(0, 6.28), p2 = rng.Uniform(0, 6.28), r1 = rng.Uniform(0.6, 1.6), r2 = rng.Uniform(2, 4);
        bool question = !song && rng.Chance(0.2);
        for (int b = 0; b < blocks; b++)
        {
            double u = (double)(b - lead) / speech;
            semis[b] = song ? 0 : range * (0.3 - 0.7 * Math.Clamp(u, 0, 1)) + 0.35 * Math.Sin(2 * Math.PI * r1 * b / 1000 + p1)
                + 0.2 * Math.Sin(2 * Math.PI * r2 * b / 1000 + p2);
            if (question && u > 0.8) semis[b] += range * 1.5 * (u - 0.8) / 0.2;
        }

        int[] songScale = [0, 2, 4, 5, 7, 9, 11, 12];
        double vibRate = rng.Uniform(4.8, 6.5), vibDepth = rng.Uniform(0.25, 0.8);
        int pos = lead, pauseIdx = 0;
        int lastSyl = -1;
        double sylTone = 0;
        int sylStart = lead, toneKind = 0;
        double note = 0;
        for (int i = 0; i < plan.Count; i++)
        {
            var (ph, ms, syl, stressed) = plan[i];
            int len = Math.Max(8, (int)Math.Round(ms * scale));
            int end = Math.Min(blocks, pos + len);
            if (syl != lastSyl)
            {
                lastSyl = syl;
                sylStart = pos;
                toneKind = rng.Next(4);
                sylTone = stressed ? range * rng.Uniform(0.3, 0.8) * lang.StressAccent : 0;
                note = songScale[rng.Next(songScale.Length)] - 5 + rng.Uniform(-0.1, 0.1);
            }
            double jitterF = rng.Uniform(0.94, 1.06);
            for (int b = pos; b < end; b++)
            {
                double within = (double)(b - pos) / Math.Max(1, end - pos);
                tr.F1[b] = ph.F1 * jitterF;
                tr.F2[b] = ph.F2 * rng.Uniform(0.995, 1.005) * jitterF;
                tr.F3[b] = ph.F3;
                switch (ph.Kind)
                {
                    case PhoneKind.Vowel:
                        tr.Voice[b] = stressed ? 1.0 : 0.75;
                        break;
                    case PhoneKind.Nasal:
                        tr.Voice[b] = 0.35; tr.Nasal[b] = 1;
                        break;
                    case PhoneKind.Approximant:
                        tr.Voice[b] = 0.6;
                        if (ph.Symbol == "rr") tr.Trill[b] = 1;
                        break;
                    case PhoneKind.Fricative:
                        tr.Voice[b] = ph.Voiced ? 0.3 : 0;
                        tr.Fric[b] = ph.Symbol is "s" or "sh" or "z" ? 0.55 : ph.Symbol == "h" ? 0.18 : 0.22;
                        tr.FricHz[b] = ph.NoiseHz; tr.FricBw[b] = ph.NoiseBw;
                        break;
                    case PhoneKind.Plosive:
                        if (within < 0.55) { tr.Voice[b] = ph.Voiced ? 0.07 : 0; }
                        else if (within < 0.72) { tr.Fric[b] = 0.6; tr.FricHz[b] = ph.NoiseHz; tr.FricBw[b] = ph.NoiseBw; tr.Voice[b] = ph.Voiced ? 0.3 : 0; }
                        else if (ph.Voiced) { tr.Voice[b] = 0.5; }
                        else { tr.Fric[b] = ph.Symbol.StartsWith('t') && ph.Symbol.Length > 1 ? 0.45 : 0.15; tr.FricHz[b] = ph.Symbol.Length > 1 ? ph.NoiseHz : 1800; tr.FricBw[b] = 2500; }
                        break;
                }
                double syllableU = (double)(b - sylStart) / 200.0;
                if (song)
                {
                    double vib = b - sylStart > 120 ? vibDepth * Math.Sin(2 * Math.PI * vibRate * (b - sylStart) / 1000.0) : 0;
                    tr.Pitch[b] = note + vib;
                }
                else if (lang.Tonal)
                {
                    double u = Math.Clamp(syllableU, 0, 1);
                    double tone = toneKind switch
                    {
                        0 => 2.5,
                        1 => -1.5 + 4.5 * u,
                        2 => -0.5 - 3.5 * Math.Sin(Math.PI * u) + 1.5 * u,
                        _ => 3.5 - 6.5 * u,
                    };
                    tr.Pitch[b] = semis[b] + tone * range / 5;
                }
                else
                {
                    double bump = sylTone * Math.Exp(-Math.Pow((b - sylStart - 60) / 70.0, 2));
                    tr.Pitch[b] = semis[b] + bump;
                }
            }
            pos = end;
            if (pauseIdx < pauses.Count && pauses[pauseIdx].AfterIndex == i)
            {
                int pl = (int)Math.Round(pauses[pauseIdx].Ms * scale);
                for (int b = pos; b < Math.Min(blocks, pos + pl); b++) { tr.F1[b] = 500; tr.F2[b] = 1500; tr.F3[b] = 2500; tr.Pitch[b] = semis[b]; }
                pos = Math.Min(blocks, pos + pl);
                pauseIdx++;
            }
            if (pos >= blocks) break;
        }
        // Silences: neutral tract, pitch continues (only matters for the glide into the first phone).
        for (int b = 0; b < blocks; b++)
        {
            if (tr.F1[b] == 0) { tr.F1[b] = 500; tr.F2[b] = 1500; tr.F3[b] = 2500; tr.Pitch[b] = semis[b]; }
        }

        // Frication centre/bandwidth must be defined wherever smoothed frication amplitude leaks (a zero bandwidth
        // would put a resonator pole on the unit circle): hold the nearest obstruent's values.
        double lastHz = 3000, lastBw = 2000;
        for (int b = 0; b < blocks; b++)
        {
            if (tr.FricHz[b] > 0) { lastHz = tr.FricHz[b]; lastBw = tr.FricBw[b]; }
            else { tr.FricHz[b] = lastHz; tr.FricBw[b] = lastBw; }
        }
        DemoDsp.SmoothInPlace(tr.FricHz, 1 - Math.Exp(-1 / 3.0));
        DemoDsp.SmoothInPlace(tr.FricBw, 1 - Math.Exp(-1 / 3.0));

        // Coarticulation: formant targets glide (τ ≈ 18 ms); amplitudes move faster (τ ≈ 4 ms); song glides between notes.
        DemoDsp.SmoothInPlace(tr.F1, 1 - Math.Exp(-1 / 18.0));
        DemoDsp.SmoothInPlace(tr.F2, 1 - Math.Exp(-1 / 20.0));
        DemoDsp.SmoothInPlace(tr.F3, 1 - Math.Exp(-1 / 22.0));
        DemoDsp.SmoothInPlace(tr.Voice, 1 - Math.Exp(-1 / 4.0));
        DemoDsp.SmoothInPlace(tr.Fric, 1 - Math.Exp(-1 / 2.5));
        DemoDsp.SmoothInPlace(tr.Nasal, 1 - Math.Exp(-1 / 6.0));
        DemoDsp.SmoothInPlace(tr.Pitch, 1 - Math.Exp(-1 / (song ? 25.0 : 30.0)));
        for (int b = 0; b < blocks; b++)
        {
            tr.Pitch[b] = spk.F0 * Math.Pow(2, tr.Pitch[b] / 12);
            tr.F1[b] *= spk.VocalTract * spk.FormantOffsets[0];
            tr.F2[b] *= spk.VocalTract * spk.FormantOffsets[1];
            tr.F3[b] *= spk.VocalTract * spk.FormantOffsets[2];
        }
    }

    static double[] Render(Track tr, DemoSpeaker spk, int n, DemoRandom rng)
    {
        var y = new double[n];
        var res = new Resonator[5];
        var fricRes = new Resonator();
        double f4 = 3400 * spk.VocalTract * spk.FormantOffsets[3], f5 = 4500 * spk.VocalTract * spk.FormantOffsets[4];
        double bw = spk.BandwidthScale;
        res[3].Set(f4, 250 * bw, SampleRate);
        res[4].Set(Math.Min(f5, 7200), 350 * bw, SampleRate);
        double phase = 1, period = SampleRate / tr.Pitch[0], amp = 1, prevFlow = 0, tiltState = 0, prevNoise = 0;
        double oq = spk.OpenQuotient;
        for (int b = 0; b * Block < n; b++)
        {
            double nasal = tr.Nasal[b];
            res[0].Set(tr.F1[b], (70 + 120 * nasal) * bw, SampleRate);
            res[1].Set(tr.F2[b], 90 * bw, SampleRate);
            res[2].Set(tr.F3[b], 140 * bw, SampleRate);
            if (tr.Fric[b] > 1e-4)
                fricRes.SetBandPass(Math.Clamp(tr.FricHz[b] * Math.Sqrt(spk.VocalTract), 300, 7400), Math.Max(300, tr.FricBw[b]), SampleRate);
            double voice = tr.Voice[b] * (1 - 0.5 * nasal), fric = tr.Fric[b];
            double trill = tr.Trill[b];
            for (int i = b * Block; i < Math.Min(n, (b + 1) * Block); i++)
            {
                if (phase >= 1)
                {
                    phase -= 1;
                    double f0 = tr.Pitch[b];
                    period = SampleRate / f0 * (1 + spk.Jitter * rng.Gaussian());
                    amp = Math.Max(0.2, 1 + spk.Shimmer * rng.Gaussian());
                }
                double t = phase;
                double tp = 0.62 * oq, tn = 0.38 * oq, flow;
                if (t < tp) flow = 0.5 * (1 - Math.Cos(Math.PI * t / tp));
                else if (t < tp + tn) flow = Math.Cos(0.5 * Math.PI * (t - tp) / tn);
                else flow = 0;
                double dflow = (flow - prevFlow) * period / 8; // radiated flow derivative, roughly F0-independent level
                prevFlow = flow;
                phase += 1 / period;
                tiltState += (1 - spk.Tilt) * (dflow - tiltState);
                double breath = spk.Breathiness * rng.Gaussian() * (0.3 + flow);
                double am = trill > 0.01 ? 1 - 0.6 * trill * (0.5 + 0.5 * Math.Cos(2 * Math.PI * 28 * i / SampleRate)) : 1;
                double src = voice * am * (amp * tiltState + breath);
                double v = src;
                for (int k = 0; k < 5; k++) v = res[k].Step(v);
                double noise = rng.Gaussian();
                double hp = noise - 0.85 * prevNoise; // frication is high-frequency weighted
                prevNoise = noise;
                double f = fric > 1e-4 ? fric * 0.35 * fricRes.Step(hp) : 0;
                y[i] = v + f;
            }
        }
        // Level: random peak, then the speaker's noise floor (relative to the peak).
        double peak = 1e-9;
        foreach (double s in y) peak = Math.Max(peak, Math.Abs(s));
        double gain = Math.Pow(10, rng.Uniform(-7, -2) / 20) / peak;
        double floor = Math.Pow(10, (spk.NoiseFloorDb + rng.Uniform(-3, 3)) / 20);
        double lp = 0;
        for (int i = 0; i < n; i++)
        {
            lp += 0.3 * (rng.Gaussian() - lp); // slightly coloured (pinkish) floor
            y[i] = y[i] * gain + floor * lp * 2;
        }
        return y;
    }
}
