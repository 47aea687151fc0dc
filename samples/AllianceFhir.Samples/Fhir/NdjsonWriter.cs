using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AllianceFhir.Samples.Fhir;

/// <summary>
/// Writes one compact JSON object per line ("\n", never "\r\n") to a <see cref="TextWriter"/>, reusing one
/// buffer so memory stays flat however many lines are written.
/// </summary>
internal sealed class NdjsonWriter : IDisposable
{
    private static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    private readonly TextWriter _target;
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Utf8JsonWriter _json;
    private char[] _chars = new char[4096];

    public NdjsonWriter(TextWriter target)
    {
        _target = target;
        _json = new Utf8JsonWriter(_buffer, Options);
    }

    /// <summary>Lines written so far.</summary>
    public long Lines { get; private set; }

    public void Write<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        _buffer.ResetWrittenCount();
        _json.Reset(_buffer);
        write(_json, state);
        _json.Flush();
        var bytes = _buffer.WrittenSpan;
        int needed = Encoding.UTF8.GetMaxCharCount(bytes.Length);
        if (_chars.Length < needed)
        {
            _chars = new char[needed];
        }

        int count = Encoding.UTF8.GetChars(bytes, _chars);
        _target.Write(_chars, 0, count);
        _target.Write('\n');
        Lines++;
    }

    /// <summary>Writes a line as it is (used for the deliberately broken lines).</summary>
    public void WriteRaw(string line)
    {
        _target.Write(line);
        _target.Write('\n');
        Lines++;
    }

    public void Dispose() => _json.Dispose();
}
