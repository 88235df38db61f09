using SkiaSharp;

namespace Layerwise.Tests.Analysis;

/// <summary>Decodes a PNG and checks that it shows a drawing: the expected size and more than a handful of colours
/// (a blank or single-colour image has one or two).</summary>
internal static class PngCheck
{
    public static void AssertDrawn(byte[] png, string what, int width = 720, int height = 420, int minColours = 20)
    {
        Assert.True(png.Length > 8 && png[0] == 0x89 && png[1] == (byte)'P' && png[2] == (byte)'N' && png[3] == (byte)'G', $"{what}: not a PNG");
        using var bitmap = SKBitmap.Decode(png);
        Assert.True(bitmap is not null, $"{what}: the PNG does not decode");
        Assert.True(bitmap.Width == width && bitmap.Height == height, $"{what}: {bitmap.Width}×{bitmap.Height}, expected {width}×{height}");
        int colours = Colours(bitmap);
        Assert.True(colours >= minColours, $"{what}: only {colours} colour(s): a blank image");
    }

    /// <summary>Distinct colours of the pixels, counted up to 1000.</summary>
    public static int Colours(SKBitmap bitmap)
    {
        var seen = new HashSet<uint>();
        for (int y = 0; y < bitmap.Height && seen.Count < 1000; y++)
            for (int x = 0; x < bitmap.Width && seen.Count < 1000; x++)
                seen.Add((uint)bitmap.GetPixel(x, y));
        return seen.Count;
    }
}
