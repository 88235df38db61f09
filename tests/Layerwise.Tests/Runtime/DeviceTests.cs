using Layerwise.Runtime;
using TorchSharp;

namespace Layerwise.Tests.Runtime;

public class DeviceTests
{
    [Fact]
    public void CudaFloat32IsIeeeNotTf32()
    {
        // The flags are libtorch globals that exist in the CPU build too, so this runs without a GPU; what it
        // checks is that a device resolved as CUDA would run its float32 convolutions and GEMMs without TF32.
        TorchRuntime.EnsureLoaded();
        bool cudnn = torch.backends.cudnn.allow_tf32, cublas = torch.backends.cuda.matmul.allow_tf32;
        try
        {
            torch.backends.cudnn.allow_tf32 = true;
            torch.backends.cuda.matmul.allow_tf32 = true;
            Assert.True(torch.backends.cudnn.allow_tf32); // the setter is live, so the next asserts can fail
            Devices.UseIeeeFloat32OnCuda();
            Assert.False(torch.backends.cudnn.allow_tf32);
            Assert.False(torch.backends.cuda.matmul.allow_tf32);
        }
        finally
        {
            torch.backends.cudnn.allow_tf32 = cudnn;
            torch.backends.cuda.matmul.allow_tf32 = cublas;
        }
    }
}
