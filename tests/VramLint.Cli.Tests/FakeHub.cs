using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace VramLint.Cli.Tests;

/// <summary>
/// A loopback HTTP server shaped like the Hugging Face Hub's resolve endpoint, started by each test: it serves the files
/// a test adds (honouring byte ranges as the Hub's CDN does), the Hub's error answers (401/403/404 with X-Error-Code),
/// redirects, and a stall; it records every request so tests can assert what was asked for.
/// </summary>
internal sealed class FakeHub : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentDictionary<string, Func<HttpListenerContext, Task>> routes = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    public FakeHub()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Endpoint = $"http://127.0.0.1:{port}";
        listener.Prefixes.Add(Endpoint + "/");
        listener.Start();
        loop = Task.Run(Serve);
    }

    public string Endpoint { get; }

    /// <summary>Every request as "GET /path", with its Range and Authorization headers.</summary>
    public ConcurrentQueue<(string Path, string? Range, string? Authorization)> Requests { get; } = new();

    public static string Resolve(string repo, string file, string revision = "main") => $"/{repo}/resolve/{revision}/{file}";

    /// <summary>A file at a path; byte ranges answered with 206 as the Hub's file storage does.</summary>
    public void File(string path, byte[] content, string? commit = null) => routes[path] = context => Send(context, content, commit);

    public void File(string path, string content, string? commit = null) => File(path, Encoding.UTF8.GetBytes(content), commit);

    public void Status(string path, int status, string? errorCode = null) => routes[path] = context =>
    {
        if (errorCode is not null)
        {
            context.Response.Headers["X-Error-Code"] = errorCode;
        }

        context.Response.StatusCode = status;
        context.Response.Close();
        return Task.CompletedTask;
    };

    /// <summary>An answer that depends on whether a bearer token was sent (a gated repository: 401 without, 403 with).</summary>
    public void Gated(string path) => routes[path] = context =>
    {
        context.Response.StatusCode = context.Request.Headers["Authorization"] is null ? 401 : 403;
        context.Response.Headers["X-Error-Code"] = "GatedRepo";
        context.Response.Close();
        return Task.CompletedTask;
    };

    /// <summary>A 302 to another path of this server, as the Hub answers for LFS files.</summary>
    public void Redirect(string path, string target) => routes[path] = context =>
    {
        context.Response.StatusCode = 302;
        context.Response.RedirectLocation = Endpoint + target;
        context.Response.Close();
        return Task.CompletedTask;
    };

    /// <summary>A server that accepts the request and never answers until the test ends.</summary>
    public void Stall(string path) => routes[path] = async context =>
    {
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }

        context.Response.Abort();
    };

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
        listener.Close();
        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task Serve()
    {
        while (!stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var path = context.Request.Url!.AbsolutePath;
            Requests.Enqueue((path, context.Request.Headers["Range"], context.Request.Headers["Authorization"]));
            _ = Task.Run(async () =>
            {
                try
                {
                    if (routes.TryGetValue(path, out var route))
                    {
                        await route(context);
                    }
                    else
                    {
                        context.Response.StatusCode = 404;
                        context.Response.Headers["X-Error-Code"] = "EntryNotFound";
                        context.Response.Close();
                    }
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    // The client went away (a timeout test); nothing to answer.
                }
            });
        }
    }

    private static async Task Send(HttpListenerContext context, byte[] content, string? commit)
    {
        if (commit is not null)
        {
            context.Response.Headers["X-Repo-Commit"] = commit;
        }

        var body = content;
        if (context.Request.Headers["Range"] is { } range && range.StartsWith("bytes=", StringComparison.Ordinal))
        {
            var bounds = range["bytes=".Length..].Split('-');
            var start = long.Parse(bounds[0]);
            var end = Math.Min(long.Parse(bounds[1]), content.Length - 1);
            body = content[(int)start..(int)(end + 1)];
            context.Response.StatusCode = 206;
            context.Response.Headers["Content-Range"] = $"bytes {start}-{end}/{content.Length}";
        }

        context.Response.ContentLength64 = body.Length;
        await context.Response.OutputStream.WriteAsync(body);
        context.Response.Close();
    }
}

/// <summary>
/// Builds the start of a safetensors file: the 8-byte little-endian header length and the JSON header. The tensor data
/// that would follow is left out: VramLint never reads past the header, and the ranged reads the tests assert prove it.
/// </summary>
internal static class FakeSafetensors
{
    private static readonly Dictionary<string, int> ElementBytes = new(StringComparer.Ordinal)
    {
        ["BF16"] = 2, ["F16"] = 2, ["F32"] = 4, ["I32"] = 4, ["I8"] = 1, ["U8"] = 1, ["F8_E4M3"] = 1,
    };

    public static byte[] File(params (string Name, string Dtype, int[] Shape)[] tensors)
    {
        var header = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"}");
        long offset = 0;
        foreach (var (name, dtype, shape) in tensors)
        {
            var bytes = shape.Aggregate(1L, (a, b) => a * b) * ElementBytes[dtype];
            header.Append($",\"{name}\":{{\"dtype\":\"{dtype}\",\"shape\":[{string.Join(",", shape)}],\"data_offsets\":[{offset},{offset + bytes}]}}");
            offset += bytes;
        }

        header.Append('}');
        while ((header.Length + 8) % 8 != 0)
        {
            header.Append(' ');
        }

        var json = Encoding.UTF8.GetBytes(header.ToString());
        var file = new byte[8 + json.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(0, 8), (ulong)json.Length);
        json.CopyTo(file, 8);
        return file;
    }

    public static int HeaderLength(byte[] file) => (int)BinaryPrimitives.ReadUInt64LittleEndian(file);
}
