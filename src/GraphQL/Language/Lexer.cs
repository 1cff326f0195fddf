using System.Globalization;
using System.Text;

namespace CircuitBreaker.GraphQL.Language;

/// <summary>Kinds of lexical tokens.</summary>
public enum TokenKind
{
    /// <summary>Before the first token.</summary>
    StartOfFile,
    /// <summary>After the last token.</summary>
    EndOfFile,
    /// <summary><c>!</c></summary>
    Bang,
    /// <summary><c>$</c></summary>
    Dollar,
    /// <summary><c>&amp;</c></summary>
    Amp,
    /// <summary><c>(</c></summary>
    ParenL,
    /// <summary><c>)</c></summary>
    ParenR,
    /// <summary><c>...</c></summary>
    Spread,
    /// <summary><c>:</c></summary>
    Colon,
    /// <summary><c>=</c></summary>
    Equals,
    /// <summary><c>@</c></summary>
    At,
    /// <summary><c>[</c></summary>
    BracketL,
    /// <summary><c>]</c></summary>
    BracketR,
    /// <summary><c>{</c></summary>
    BraceL,
    /// <summary><c>|</c></summary>
    Pipe,
    /// <summary><c>}</c></summary>
    BraceR,
    /// <summary>A name (<c>/[_A-Za-z][_0-9A-Za-z]*/</c>).</summary>
    Name,
    /// <summary>An integer literal.</summary>
    Int,
    /// <summary>A float literal.</summary>
    Float,
    /// <summary>A quoted string.</summary>
    String,
    /// <summary>A <c>"""block string"""</c>.</summary>
    BlockString,
}

/// <summary>One lexical token; <see cref="Value"/> holds decoded text for names, numbers and strings.</summary>
public readonly record struct Token(TokenKind Kind, int Start, int End, int Line, int Column, string? Value);

/// <summary>Turns GraphQL source into tokens, skipping ignored tokens (whitespace, commas, comments, BOM).</summary>
public sealed class Lexer(string source)
{
    private int _pos;
    private int _line = 1;
    private int _lineStart;

    /// <summary>The source text.</summary>
    public string Source { get; } = source;

    /// <summary>Reads the next significant token.</summary>
    public Token Next()
    {
        SkipIgnored();
        if (_pos >= Source.Length) return Make(TokenKind.EndOfFile, _pos, _pos, null);
        var c = Source[_pos];
        var start = _pos;
        switch (c)
        {
            case '!': _pos++; return Make(TokenKind.Bang, start, _pos, null);
            case '$': _pos++; return Make(TokenKind.Dollar, start, _pos, null);
            case '&': _pos++; return Make(TokenKind.Amp, start, _pos, null);
            case '(': _pos++; return Make(TokenKind.ParenL, start, _pos, null);
            case ')': _pos++; return Make(TokenKind.ParenR, start, _pos, null);
            case ':': _pos++; return Make(TokenKind.Colon, start, _pos, null);
            case '=': _pos++; return Make(TokenKind.Equals, start, _pos, null);
            case '@': _pos++; return Make(TokenKind.At, start, _pos, null);
            case '[': _pos++; return Make(TokenKind.BracketL, start, _pos, null);
            case ']': _pos++; return Make(TokenKind.BracketR, start, _pos, null);
            case '{': _pos++; return Make(TokenKind.BraceL, start, _pos, null);
            case '|': _pos++; return Make(TokenKind.Pipe, start, _pos, null);
            case '}': _pos++; return Make(TokenKind.BraceR, start, _pos, null);
            case '.':
                if (At(1) == '.' && At(2) == '.') { _pos += 3; return Make(TokenKind.Spread, start, _pos, null); }
                throw Error(start, "Unexpected \".\".");
            case '"':
                return At(1) == '"' && At(2) == '"' ? ReadBlockString() : ReadString();
        }
        if (IsNameStart(c)) return ReadName();
        if (c == '-' || char.IsAsciiDigit(c)) return ReadNumber();
        throw Error(start, $"Unexpected character: {Describe(start)}.");
    }

    private string Describe(int at)
    {
        int cp = Source[at];
        if (char.IsHighSurrogate(Source[at]) && at + 1 < Source.Length && char.IsLowSurrogate(Source[at + 1]))
            cp = char.ConvertToUtf32(Source[at], Source[at + 1]);
        else if (char.IsSurrogate(Source[at])) return $"U+{cp:X4}";
        if (cp is < 0x20 or 0x7F || cp is >= 0x80 and < 0xA0) return $"U+{cp:X4}";
        return cp == '"' ? "'\"'" : $"\"{char.ConvertFromUtf32(cp)}\"";
    }

    private char At(int offset) => _pos + offset < Source.Length ? Source[_pos + offset] : '\0';

    private Token Make(TokenKind kind, int start, int end, string? value) =>
        new(kind, start, end, _line, start - _lineStart + 1, value);

    /// <summary>The 1-based line/column of an absolute offset (offset must be on the current line or earlier lines already scanned).</summary>
    private SourceLocation LocationOf(int offset)
    {
        int line = 1, lineStart = 0;
        for (var i = 0; i < offset && i < Source.Length; i++)
        {
            if (Source[i] == '\n') { line++; lineStart = i + 1; }
            else if (Source[i] == '\r') { if (i + 1 < Source.Length && Source[i + 1] == '\n') i++; line++; lineStart = i + 1; }
        }
        return new SourceLocation(line, offset - lineStart + 1);
    }

    private GraphQLSyntaxException Error(int offset, string message) => new(message, LocationOf(offset));

    private void NewLine(int nextLineStart) { _line++; _lineStart = nextLineStart; }

    private void SkipIgnored()
    {
        while (_pos < Source.Length)
        {
            var c = Source[_pos];
            if (c is ' ' or '\t' or ',' or '\uFEFF') _pos++;
            else if (c == '\n') { _pos++; NewLine(_pos); }
            else if (c == '\r') { _pos++; if (_pos < Source.Length && Source[_pos] == '\n') _pos++; NewLine(_pos); }
            else if (c == '#') { while (_pos < Source.Length && Source[_pos] is not '\n' and not '\r') _pos++; }
            else break;
        }
    }

    private static bool IsNameStart(char c) => c == '_' || char.IsAsciiLetter(c);
    private static bool IsNameContinue(char c) => c == '_' || char.IsAsciiLetterOrDigit(c);

    private Token ReadName()
    {
        var start = _pos;
        while (_pos < Source.Length && IsNameContinue(Source[_pos])) _pos++;
        return Make(TokenKind.Name, start, _pos, Source[start.._pos]);
    }

    private Token ReadNumber()
    {
        var start = _pos;
        var isFloat = false;
        if (At(0) == '-') _pos++;
        if (At(0) == '0')
        {
            _pos++;
            if (char.IsAsciiDigit(At(0))) throw Error(_pos, $"Invalid number, unexpected digit after 0: {Describe(_pos)}.");
        }
        else ReadDigits();
        if (At(0) == '.') { isFloat = true; _pos++; ReadDigits(); }
        if (At(0) is 'e' or 'E')
        {
            isFloat = true; _pos++;
            if (At(0) is '+' or '-') _pos++;
            ReadDigits();
        }
        if (At(0) == '.' || IsNameStart(At(0)))
            throw Error(_pos, $"Invalid number, expected digit but got: {Describe(_pos)}.");
        return Make(isFloat ? TokenKind.Float : TokenKind.Int, start, _pos, Source[start.._pos]);
    }

    private void ReadDigits()
    {
        if (!char.IsAsciiDigit(At(0)))
            throw Error(_pos, $"Invalid number, expected digit but got: {(_pos >= Source.Length ? "<EOF>" : Describe(_pos))}.");
        while (char.IsAsciiDigit(At(0))) _pos++;
    }

    private Token ReadString()
    {
        var start = _pos;
        _pos++;
        var sb = new StringBuilder();
        while (_pos < Source.Length)
        {
            var c = Source[_pos];
            if (c == '"') { _pos++; return Make(TokenKind.String, start, _pos, sb.ToString()); }
            if (c is '\n' or '\r') break;
            if (c == '\\')
            {
                var e = At(1);
                switch (e)
                {
                    case '"': sb.Append('"'); _pos += 2; continue;
                    case '\\': sb.Append('\\'); _pos += 2; continue;
                    case '/': sb.Append('/'); _pos += 2; continue;
                    case 'b': sb.Append('\b'); _pos += 2; continue;
                    case 'f': sb.Append('\f'); _pos += 2; continue;
                    case 'n': sb.Append('\n'); _pos += 2; continue;
                    case 'r': sb.Append('\r'); _pos += 2; continue;
                    case 't': sb.Append('\t'); _pos += 2; continue;
                    case 'u': ReadUnicodeEscape(sb); continue;
                    default:
                        throw Error(_pos, $"Invalid character escape sequence: \"{Source.Substring(_pos, Math.Min(2, Source.Length - _pos))}\".");
                }
            }
            if (c < 0x20 && c != '\t')
                throw Error(_pos, $"Invalid character within String: {Describe(_pos)}.");
            sb.Append(c);
            _pos++;
        }
        throw Error(_pos, "Unterminated string.");
    }

    private void ReadUnicodeEscape(StringBuilder sb)
    {
        var escStart = _pos;
        if (At(2) == '{')
        {
            var close = Source.IndexOf('}', _pos + 3);
            var hex = close < 0 ? "" : Source[(_pos + 3)..close];
            if (close < 0 || hex.Length == 0 || hex.Length > 8 || !int.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var cp)
                || cp > 0x10FFFF || cp is >= 0xD800 and <= 0xDFFF)
                throw Error(escStart, $"Invalid Unicode escape sequence: \"{Source.Substring(_pos, close < 0 ? Math.Min(Source.Length - _pos, 3) : close - _pos + 1)}\".");
            sb.Append(char.ConvertFromUtf32(cp));
            _pos = close + 1;
            return;
        }
        var code = ReadHex4(_pos + 2);
        if (code < 0)
            throw Error(escStart, $"Invalid Unicode escape sequence: \"{Source.Substring(_pos, Math.Min(6, Source.Length - _pos))}\".");
        if (char.IsHighSurrogate((char)code) && At(6) == '\\' && At(7) == 'u')
        {
            var low = ReadHex4(_pos + 8);
            if (low >= 0 && char.IsLowSurrogate((char)low))
            {
                sb.Append((char)code).Append((char)low);
                _pos += 12;
                return;
            }
        }
        if (code is >= 0xD800 and <= 0xDFFF)
            throw Error(escStart, $"Invalid Unicode escape sequence: \"{Source.Substring(_pos, 6)}\".");
        sb.Append((char)code);
        _pos += 6;
    }

    private int ReadHex4(int at)
    {
        if (at + 4 > Source.Length) return -1;
        return int.TryParse(Source.AsSpan(at, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var v) ? v : -1;
    }

    private Token ReadBlockString()
    {
        var start = _pos;
        var line = _line;
        var col = start - _lineStart + 1;
        _pos += 3;
        var raw = new StringBuilder();
        while (_pos < Source.Length)
        {
            var c = Source[_pos];
            if (c == '"' && At(1) == '"' && At(2) == '"')
            {
                _pos += 3;
                return new Token(TokenKind.BlockString, start, _pos, line, col, BlockStringValue(raw.ToString()));
            }
            if (c == '\\' && At(1) == '"' && At(2) == '"' && At(3) == '"') { raw.Append("\"\"\""); _pos += 4; continue; }
            if (c == '\n') { raw.Append('\n'); _pos++; NewLine(_pos); continue; }
            if (c == '\r') { raw.Append('\n'); _pos++; if (At(0) == '\n') _pos++; NewLine(_pos); continue; }
            if (c < 0x20 && c != '\t') throw Error(_pos, $"Invalid character within String: {Describe(_pos)}.");
            raw.Append(c);
            _pos++;
        }
        throw Error(_pos, "Unterminated string.");
    }

    /// <summary>Implements the spec's BlockStringValue(): common indentation and blank leading/trailing lines removed.</summary>
    public static string BlockStringValue(string raw)
    {
        var lines = raw.Split('\n');
        int? common = null;
        for (var i = 1; i < lines.Length; i++)
        {
            var indent = lines[i].TakeWhile(ch => ch is ' ' or '\t').Count();
            if (indent < lines[i].Length && (common is null || indent < common)) common = indent;
        }
        if (common is > 0)
            for (var i = 1; i < lines.Length; i++)
                lines[i] = lines[i].Length >= common ? lines[i][common.Value..] : "";
        var first = 0;
        var last = lines.Length - 1;
        while (first <= last && lines[first].All(ch => ch is ' ' or '\t')) first++;
        while (last >= first && lines[last].All(ch => ch is ' ' or '\t')) last--;
        return first > last ? "" : string.Join('\n', lines[first..(last + 1)]);
    }
}
