using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Layerwise.Tests.Hub;

/// <summary>A request as the loopback server saw it (header names lower-cased).</summary>
internal sealed record SeenRequest(int Port, string Method, string Path, IReadOnlyDictionary<string, string> Headers)
{
    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var v) ? v : null;
}

/// <summary>What to answer; <paramref name="CutAfter"/> closes the connection after that many body bytes,
/// <paramref name="Stall"/> then keeps it open, silent, until the server stops.</summary>
internal sealed record Reply(int Status, byte[] Body, IReadOnlyList<(string Name, string Value)> Headers, long? CutAfter = null, bool Stall = false, bool OmitContentLength = false)
{
    public static Reply Empty(int status, params (string, string)[] headers) => new(status, [], headers);
}

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 with an ephemeral port: one request per connection ("Connection: close"),
/// so a test can cut a body short at an exact byte. Started by the constructor, stopped by DisposeAsync.
/// </summary>
internal sealed class LoopbackHttpServer : IAsyncDisposable
{
    readonly TcpListener listener = new(IPAddress.Loopback, 0);
    readonly CancellationTokenSource stop = new();
    readonly Func<SeenRequest, Reply> handler;
    readonly Task loop;

    public LoopbackHttpServer(Func<SeenRequest, Reply> handler)
    {
        this.handler = handler;
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        loop = Task.Run(AcceptLoop);
    }

    public int Port { get; }
    public string BaseUrl => $"http://127.0.0.1:{Port}";
    public ConcurrentQueue<SeenRequest> Requests { get; } = new();

    async Task AcceptLoop()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await listener.AcceptTcpClientAsync(stop.Token); }
            catch (Exception) { return; }
            _ = Task.Run(() => Serve(client));
        }
    }

    async Task Serve(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                timeout.CancelAfter(TimeSpan.FromSeconds(10));
                var head = await ReadHead(stream, timeout.Token);
                if (head is null)
                    return;
                var lines = head.Split("\r\n");
                var parts = lines[0].Split(' ');
                var headers = new Dictionary<string, string>();
                foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
                {
                    int colon = line.IndexOf(':');
                    headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
                }
                var request = new SeenRequest(Port, parts[0], parts[1], headers);
                Requests.Enqueue(request);
                var reply = handler(request);

                var text = new StringBuilder($"HTTP/1.1 {reply.Status} {Reason(reply.Status)}\r\n");
                foreach (var (name, value) in reply.Headers)
                    text.Append($"{name}: {value}\r\n");
                if (!reply.OmitContentLength && !reply.Headers.Any(h => h.Name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)))
                    text.Append($"Content-Length: {reply.Body.Length}\r\n");
                text.Append("Connection: close\r\n\r\n");
                await stream.WriteAsync(Encoding.ASCII.GetBytes(text.ToString()), timeout.Token);
                if (request.Method != "HEAD")
                {
                    int send = (int)Math.Min(reply.Body.Length, reply.CutAfter ?? long.MaxValue);
                    await stream.WriteAsync(reply.Body.AsMemory(0, send), timeout.Token);
                    if (reply.Stall)
                    {
                        await stream.FlushAsync(timeout.Token);
                        await Task.Delay(Timeout.Infinite, timeout.Token);
                    }
                }
                await stream.FlushAsync(timeout.Token);
                client.Client.Shutdown(SocketShutdown.Send);
            }
            catch (Exception) when (stop.IsCancellationRequested) { }
            catch (IOException) { }
            catch (SocketException) { }
        }
    }

    static async Task<string?> ReadHead(NetworkStream stream, CancellationToken ct)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (bytes.Count < 65536)
        {
            if (await stream.ReadAsync(one, ct) == 0)
                return null;
            bytes.Add(one[0]);
            int n = bytes.Count;
            if (n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n')
                return Encoding.ASCII.GetString(bytes.ToArray(), 0, n - 4);
        }
        return null;
    }

    static string Reason(int status) => status switch
    {
        200 => "OK", 206 => "Partial Content", 302 => "Found", 307 => "Temporary Redirect",
        401 => "Unauthorized", 404 => "Not Found", 416 => "Range Not Satisfiable", _ => "Status",
    };

    bool disposed;

    public async ValueTask DisposeAsync()
    {
        if (disposed)
            return;
        disposed = true;
        stop.Cancel();
        listener.Stop();
        try { await loop.WaitAsync(TimeSpan.FromSeconds(5)); } catch (Exception) { }
        stop.Dispose();
    }
}
