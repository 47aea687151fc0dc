using System.Net.Sockets;
using AllianceFhir.FhirServer;
using AllianceFhir.Testing.FhirServer;

namespace AllianceFhir.Testing.Tests.FhirServer;

public sealed class FhirServerProcessTests
{
    [Fact]
    public void LocateNode_WhenNodeNotOnPath_ThenFailsWithTheInstallCommand()
    {
        var empty = Directory.CreateTempSubdirectory("no-node-").FullName;
        try
        {
            var error = Assert.Throws<InvalidOperationException>(() => NodeRuntime.LocateNode(empty));

            Assert.Contains("node is not available", error.Message);
            Assert.Contains("apt-get install nodejs", error.Message);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [Fact]
    public async System.Threading.Tasks.Task StartAsync_WhenDefaultOptions_ThenListensOnLoopbackWithBasePathAndStopsOnDispose()
    {
        var server = await FhirServerProcess.StartAsync();
        var url = new Uri(server.BaseUrl);

        Assert.Equal("127.0.0.1", url.Host);
        Assert.Equal("/fhir", url.AbsolutePath);
        Assert.True(NodeRuntime.PackagesAreInstalled(RepositoryRoot.Combine("sandbox", "fhir-server")));
        using (var client = server.CreateHttpClient())
        using (var response = await client.GetAsync("metadata"))
        {
            Assert.True(response.IsSuccessStatusCode);
        }

        await server.DisposeAsync();

        Assert.True(server.HasExited);
        using var socket = new TcpClient();
        await Assert.ThrowsAsync<SocketException>(() => socket.ConnectAsync(url.Host, url.Port));
    }

    [Fact]
    public async System.Threading.Tasks.Task StartAsync_WhenServerRefusesItsSwitches_ThenFailsWithTheServersMessage()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => FhirServerProcess.StartAsync(new FhirServerOptions { RefusedTypes = ["Flagg"] }));

        Assert.Contains("exited with code 2 before listening", error.Message);
        Assert.Contains("Flagg is not an R4 resource type", error.Message);
    }
}
