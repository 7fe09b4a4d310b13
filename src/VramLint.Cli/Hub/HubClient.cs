using System.Net;
using System.Net.Http.Headers;

namespace VramLint.Cli.Hub;

/// <summary>
/// Reads files of one model repository from the Hugging Face Hub the way huggingface_hub does:
/// <c>{endpoint}/{repo}/resolve/{revision}/{file}</c>, HF_TOKEN as a bearer token, redirects followed (LFS files live on a
/// CDN; the handler drops the token when it follows them), proxies from HTTPS_PROXY/HTTP_PROXY/NO_PROXY through the
/// default handler, and a timeout per request.
/// </summary>
internal sealed class HubClient : IDisposable
{
    public const string PublicEndpoint = "https://huggingface.co";

    private readonly HttpClient http;
    private readonly string? token;

    public HubClient(string? endpoint, string? token, TimeSpan timeout)
    {
        Endpoint = string.IsNullOrWhiteSpace(endpoint) ? PublicEndpoint : endpoint!.Trim().TrimEnd('/');
        this.token = string.IsNullOrWhiteSpace(token) ? null : token!.Trim();
        Timeout = timeout;
        http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = true, MaxAutomaticRedirections = 10 })
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("vramlint", typeof(HubClient).Assembly.GetName().Version?.ToString(3) ?? "0"));
    }

    public string Endpoint { get; }

    public TimeSpan Timeout { get; }

    /// <summary>The commit the Hub resolved the revision to (X-Repo-Commit), once a file has been read.</summary>
    public string? ResolvedCommit { get; private set; }

    public string ResolveUrl(string repo, string revision, string file) =>
        $"{Endpoint}/{repo}/resolve/{Uri.EscapeDataString(revision)}/{file}";

    /// <summary>A whole (small) file; null when the Hub says it does not exist and <paramref name="optional"/> is true.</summary>
    public byte[]? GetFile(string repo, string revision, string file, bool optional) =>
        Send(repo, revision, file, range: null, length: null, optional);

    /// <summary>Bytes [offset, offset + length) of a file by a ranged read; a server that ignores the range is read only that far.</summary>
    public byte[]? GetRange(string repo, string revision, string file, long offset, int length, bool optional) =>
        Send(repo, revision, file, new RangeHeaderValue(offset, offset + length - 1), length, optional);

    public void Dispose() => http.Dispose();

    private byte[]? Send(string repo, string revision, string file, RangeHeaderValue? range, int? length, bool optional)
    {
        var url = ResolveUrl(repo, revision, file);
        using var cancel = new CancellationTokenSource(Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            request.Headers.Range = range;
            using var response = http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token).GetAwaiter().GetResult();
            if (response.Headers.TryGetValues("X-Repo-Commit", out var commits) && ResolvedCommit is null)
            {
                ResolvedCommit = commits.FirstOrDefault();
            }

            if (!response.IsSuccessStatusCode)
            {
                if (optional && response.StatusCode == HttpStatusCode.NotFound)
                {
                    return null;
                }

                throw Failure(response, url, repo, revision, file);
            }

            using var body = response.Content.ReadAsStreamAsync(cancel.Token).GetAwaiter().GetResult();
            return length is { } wanted ? ReadExactly(body, wanted, url, cancel.Token) : ReadAll(body, cancel.Token);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            throw new HubException($"timed out after {Seconds(Timeout)} s waiting for {url} (--timeout {Seconds(Timeout)})");
        }
        catch (HttpRequestException e)
        {
            throw new HubException($"could not read {url}: {e.Message} (endpoint from HF_ENDPOINT, proxy from HTTPS_PROXY/HTTP_PROXY)");
        }
        catch (IOException e)
        {
            throw new HubException($"could not read {url}: {e.Message}");
        }
    }

    private HubException Failure(HttpResponseMessage response, string url, string repo, string revision, string file)
    {
        var status = $"{(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd();
        var errorCode = response.Headers.TryGetValues("X-Error-Code", out var codes) ? codes.FirstOrDefault() : null;
        var page = $"{Endpoint}/{repo}";
        switch (response.StatusCode)
        {
            case HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden when errorCode == "RepoNotFound":
                return new HubException($"{repo}: repository not found, or private ({status} for {url}); check the id, and for a private repository set HF_TOKEN to a token that can read it");
            case HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden when token is null:
                return new HubException($"{repo} is gated or private ({status} for {url}): accept its licence at {page} and set HF_TOKEN to a read token of that account");
            case HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden:
                return new HubException($"{repo} is gated or private and the HF_TOKEN sent has no access ({status} for {url}): accept its licence at {page} with the account of that token, or set HF_TOKEN to one that can read it");
            case HttpStatusCode.NotFound when errorCode == "RepoNotFound":
                return new HubException($"{repo}: repository not found ({status} for {url}); check the id");
            case HttpStatusCode.NotFound when errorCode == "RevisionNotFound":
                return new HubException($"{repo}: revision '{revision}' not found ({status} for {url}); check --revision");
            case HttpStatusCode.NotFound when errorCode == "EntryNotFound":
                return new HubException($"{repo}: {file} not found at revision '{revision}' ({status} for {url})");
            case HttpStatusCode.NotFound:
                return new HubException($"{repo}: not found ({status} for {url}); check the repository id, the revision '{revision}' and that the repository has {file}");
            default:
                return new HubException($"{repo}: {url} answered {status}");
        }
    }

    private static byte[] ReadAll(Stream body, CancellationToken cancel)
    {
        using var copy = new MemoryStream();
        body.CopyToAsync(copy, cancel).GetAwaiter().GetResult();
        return copy.ToArray();
    }

    private static byte[] ReadExactly(Stream body, int length, string url, CancellationToken cancel)
    {
        var buffer = new byte[length];
        var read = 0;
        while (read < length)
        {
            var n = body.ReadAsync(buffer.AsMemory(read, length - read), cancel).AsTask().GetAwaiter().GetResult();
            if (n == 0)
            {
                throw new HubException($"{url} ended after {read} of the {length} bytes asked for");
            }

            read += n;
        }

        return buffer;
    }

    private static string Seconds(TimeSpan timeout) => timeout.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
}
