namespace Layerwise.Data.Demo;

/// <summary>A tiny deterministic writer of 16-bit mono PCM WAV (the canonical 44-byte header, nothing else).</summary>
internal static class DemoWav
{
    /// <summary>Rounds [-1, 1] samples to 16-bit, clipping.</summary>
    public static short[] Quantise(double[] samples)
    {
        var q = new short[samples.Length];
        for (int i = 0; i < samples.Length; i++) q[i] = (short)Math.Clamp(Math.Round(samples[i] * 32767.0), -32768, 32767);
        return q;
    }

    public static byte[] Encode(short[] samples, int sampleRate)
    {
        int dataBytes = samples.Length * 2;
        var bytes = new byte[44 + dataBytes];
        var s = bytes.AsSpan();
        "RIFF"u8.CopyTo(s);
        BitConverter.TryWriteBytes(s[4..], 36 + dataBytes);
        "WAVE"u8.CopyTo(s[8..]);
        "fmt "u8.CopyTo(s[12..]);
        BitConverter.TryWriteBytes(s[16..], 16);
        BitConverter.TryWriteBytes(s[20..], (short)1); // PCM
        BitConverter.TryWriteBytes(s[22..], (short)1); // mono
        BitConverter.TryWriteBytes(s[24..], sampleRate);
        BitConverter.TryWriteBytes(s[28..], sampleRate * 2);
        BitConverter.TryWriteBytes(s[32..], (short)2);
        BitConverter.TryWriteBytes(s[34..], (short)16);
        "data"u8.CopyTo(s[36..]);
        BitConverter.TryWriteBytes(s[40..], dataBytes);
        for (int i = 0; i < samples.Length; i++) BitConverter.TryWriteBytes(s[(44 + 2 * i)..], samples[i]);
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("demo WAV writer assumes little-endian");
        return bytes;
    }
}
