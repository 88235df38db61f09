using static TorchSharp.torch;

namespace Layerwise.Models.Ssl;

/// <summary>
/// Frees a forward pass's intermediates as soon as the next op has consumed them. TorchSharp tensors otherwise
/// live until the caller's dispose scope ends, so a whole pass would hold every activation at once (PyTorch's
/// reference counting frees them at once). Only for tensors created inside the pass, never for inputs the caller
/// still holds; a view keeps its storage alive, so freeing the handle of a view's base is safe.
/// </summary>
internal static class Eager
{
    /// <summary><paramref name="step"/>(x), then frees <paramref name="x"/> unless the step returned it (in-place ops).</summary>
    public static Tensor Then(this Tensor x, Func<Tensor, Tensor> step)
    {
        var y = step(x);
        if (!ReferenceEquals(x, y))
            x.Dispose();
        return y;
    }

    /// <summary>Frees <paramref name="tensors"/> and returns <paramref name="result"/>.</summary>
    public static Tensor Freeing(this Tensor result, params Tensor?[] tensors)
    {
        foreach (var t in tensors)
            if (t is not null && !ReferenceEquals(t, result))
                t.Dispose();
        return result;
    }
}
