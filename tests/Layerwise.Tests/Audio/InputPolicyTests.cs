using Layerwise.Audio;

namespace Layerwise.Tests.Audio;

public class InputPolicyTests
{
    [Fact]
    public void LongClipKeepsTheFirst64600Samples()
    {
        var x = Enumerable.Range(0, 70000).Select(i => (float)i).ToArray();
        var y = InputPolicy.FixedLength(x);
        Assert.Equal(64600, y.Length);
        Assert.Equal(x.Take(64600), y);
    }

    [Fact]
    public void ShortClipIsTiledThenCut()
    {
        // The reference: np.tile(x, (1, int(64600 / len) + 1))[:, :64600].
        var x = Enumerable.Range(0, 30000).Select(i => (float)i).ToArray();
        var y = InputPolicy.FixedLength(x);
        Assert.Equal(64600, y.Length);
        Assert.Equal(0f, y[30000]);
        Assert.Equal(0f, y[60000]);
        Assert.Equal(4599f, y[64599]);
        Assert.Equal(x, y.Take(30000));
        Assert.Equal(x, y.Skip(30000).Take(30000));
    }

    [Fact]
    public void ExactLengthAndTinyClipsAndOtherLengths()
    {
        var exact = Enumerable.Range(0, 64600).Select(i => (float)i).ToArray();
        Assert.Equal(exact, InputPolicy.FixedLength(exact));
        Assert.Equal([2f, 2f, 2f, 2f, 2f], InputPolicy.FixedLength([2f], 5));
        Assert.Equal([1f, 2f, 3f, 1f, 2f, 3f, 1f], InputPolicy.FixedLength([1f, 2f, 3f], 7));
        Assert.Throws<ArgumentException>(() => InputPolicy.FixedLength([], 10));
    }

    [Fact]
    public void PadBatchZeroPadsToTheLongestAndReportsLengths()
    {
        var batch = InputPolicy.PadBatch([[1f, 2f], [3f, 4f, 5f, 6f], [7f]]);
        Assert.Equal(3, batch.BatchSize);
        Assert.Equal(4, batch.MaxLength);
        Assert.Equal([2, 4, 1], batch.Lengths);
        float[,] expected = { { 1, 2, 0, 0 }, { 3, 4, 5, 6 }, { 7, 0, 0, 0 } };
        Assert.Equal(expected, batch.Data);
        Assert.Throws<ArgumentException>(() => InputPolicy.PadBatch([]));
    }
}
