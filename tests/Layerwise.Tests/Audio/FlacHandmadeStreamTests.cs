using Layerwise.Audio;
using Layerwise.Audio.Flac;

namespace Layerwise.Tests.Audio;

/// <summary>Streams assembled by hand (see <see cref="FlacStreamBuilder"/>) with samples worked out on paper.</summary>
public class FlacHandmadeStreamTests
{
    static PcmAudio Decode(FlacStreamBuilder b) => FlacDecoder.Decode(b.ToArray(), "handmade.flac");

    [Theory]
    [InlineData(4, new[] { -8, 7, 0, -1, 3 })]
    [InlineData(12, new[] { -2048, 2047, 5, -300, 1000 })]
    [InlineData(20, new[] { -524288, 524287, 12345, -1, 0 })]
    public void VerbatimAtOddBitDepths(int bps, int[] samples)
    {
        var b = new FlacStreamBuilder(8000, 1, bps, samples.Length);
        b.BeginFrame(samples.Length, 0);
        b.Subframe(1);
        foreach (int s in samples)
            b.Bits(s, bps);
        b.EndFrame();
        var pcm = Decode(b);
        Assert.Equal(bps, pcm.Info.BitsPerSample);
        Assert.Equal(samples, pcm.Channels[0]);
    }

    [Fact]
    public void EscapePartitionsRice2AndZeroWidthEscape()
    {
        // FIXED order 1, warm-up 100; partition order 2 over 8 samples → partitions of 2 (first holds 1 residual).
        int[] residual = [0, 5, -3, 70000, -70000, 0, 0];
        var expected = new int[8];
        expected[0] = 100;
        for (int i = 1; i < 8; i++)
            expected[i] = expected[i - 1] + residual[i - 1];

        var b = new FlacStreamBuilder(16000, 1, 24, 8);
        b.BeginFrame(8, 0);
        b.Subframe(8 + 1);
        b.Bits(100, 24);
        b.Bits(1, 2);          // Rice2: 5-bit parameters, escape 31
        b.Bits(2, 4);          // partition order 2
        b.Bits(3, 5); b.Rice(0, 3);                                          // partition 0: one residual, k = 3
        b.Bits(31, 5); b.Bits(4, 5); b.Bits(5, 4); b.Bits(-3, 4);           // escape, 4-bit raw
        b.Bits(20, 5); b.Rice(70000, 20); b.Rice(-70000, 20);                // k = 20 (needs Rice2)
        b.Bits(31, 5); b.Bits(0, 5);                                        // escape with 0 bits: all zero
        b.EndFrame();

        Assert.Equal(expected, Decode(b).Channels[0]);
    }

    [Fact]
    public void Rice4BitEscapeCode()
    {
        // FIXED order 0, method 0 (4-bit parameters, escape 15), one partition escaped to 7-bit raw values.
        int[] samples = [-64, 63, 1, -2];
        var b = new FlacStreamBuilder(16000, 1, 16, 4);
        b.BeginFrame(4, 0);
        b.Subframe(8);
        b.Bits(0, 2); b.Bits(0, 4);
        b.Bits(15, 4); b.Bits(7, 5);
        foreach (int s in samples)
            b.Bits(s, 7);
        b.EndFrame();
        Assert.Equal(samples, Decode(b).Channels[0]);
    }

    [Fact]
    public void WastedBitsOnConstantAndVerbatim()
    {
        var b = new FlacStreamBuilder(16000, 2, 16, 3);
        b.BeginFrame(3, 1);                         // two independent channels
        b.Subframe(0, wasted: 4); b.Bits(-5, 12);   // constant -5 << 4
        b.Subframe(1, wasted: 3); b.Bits(1, 13); b.Bits(-2, 13); b.Bits(4095, 13);
        b.EndFrame();
        var pcm = Decode(b);
        Assert.Equal([-80, -80, -80], pcm.Channels[0]);
        Assert.Equal([8, -16, 32760], pcm.Channels[1]);
    }

    [Fact]
    public void LpcWithChosenCoefficients()
    {
        // Order 2, precision 6, shift 2: pred = (3*s[i-1] - 1*s[i-2]) >> 2 (arithmetic shift).
        int[] residual = [1, -4, 7];
        var s = new List<int> { 10, -6 };
        foreach (int r in residual)
        {
            long pred = (3L * s[^1] - 1L * s[^2]) >> 2;
            s.Add((int)(pred + r));
        }
        var b = new FlacStreamBuilder(16000, 1, 16, 5);
        b.BeginFrame(5, 0);
        b.Subframe(31 + 2);
        b.Bits(10, 16); b.Bits(-6, 16);
        b.Bits(6 - 1, 4); b.Bits(2, 5);
        b.Bits(3, 6); b.Bits(-1, 6);
        b.Bits(0, 2); b.Bits(0, 4); b.Bits(4, 4);
        foreach (int r in residual)
            b.Rice(r, 4);
        b.EndFrame();
        Assert.Equal(s, Decode(b).Channels[0]);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(10)]
    public void StereoDecorrelation(int code)
    {
        int[] left = [1000, -7, 32767, -32768];
        int[] right = [-1000, 8, -32768, 32767];
        var side = left.Zip(right, (l, r) => l - r).ToArray();
        var mid = left.Zip(right, (l, r) => (l + r) >> 1).ToArray();
        var (a, aBits, c, cBits) = code switch
        {
            8 => (left, 16, side, 17),
            9 => (side, 17, right, 16),
            _ => (mid, 16, side, 17),
        };
        var b = new FlacStreamBuilder(44100, 2, 16, 4);
        b.BeginFrame(4, code);
        b.Subframe(1); foreach (int v in a) b.Bits(v, aBits);
        b.Subframe(1); foreach (int v in c) b.Bits(v, cBits);
        b.EndFrame();
        var pcm = Decode(b);
        Assert.Equal(left, pcm.Channels[0]);
        Assert.Equal(right, pcm.Channels[1]);
    }

    [Fact]
    public void ThirtyTwoBitLeftSideNeeds33BitSide()
    {
        int[] left = [int.MaxValue, int.MinValue, 0];
        int[] right = [int.MinValue, int.MaxValue, -1];
        var b = new FlacStreamBuilder(48000, 2, 32, 3);
        b.BeginFrame(3, 8);
        b.Subframe(1); foreach (int v in left) b.Bits(v, 32);
        b.Subframe(1); foreach (var (l, r) in left.Zip(right)) b.Bits((long)l - r, 33);
        b.EndFrame();
        var pcm = Decode(b);
        Assert.Equal(left, pcm.Channels[0]);
        Assert.Equal(right, pcm.Channels[1]);
    }

    [Fact]
    public void CorruptedFrameFailsItsCrc()
    {
        var b = new FlacStreamBuilder(8000, 1, 16, 2);
        b.BeginFrame(2, 0);
        b.Subframe(1); b.Bits(1234, 16); b.Bits(-1234, 16);
        b.EndFrame();
        var bytes = b.ToArray();
        bytes[^4] ^= 0x10; // a sample bit
        var e = Assert.Throws<AudioFormatException>(() => FlacDecoder.Decode(bytes, "bad.flac"));
        Assert.Contains("CRC-16", e.Message);
        Assert.StartsWith("bad.flac:", e.Message);
    }
}
