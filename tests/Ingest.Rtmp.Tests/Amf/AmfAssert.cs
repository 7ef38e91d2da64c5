using System.Globalization;
using Ingest.Rtmp.Amf;

namespace Ingest.Rtmp.Tests.Amf;

/// <summary>Structural equality for decoded AMF values, strict about types and double bit patterns.</summary>
internal static class AmfAssert
{
    public static void Equal(object? expected, object? actual) => Equal(expected, actual, "$");

    private static void Equal(object? expected, object? actual, string path)
    {
        switch (expected)
        {
            case null:
                Assert.True(actual is null, $"{path}: expected null, got {Describe(actual)}");
                break;
            case double number:
                var other = Assert.IsType<double>(actual);
                // Bitwise so -0.0 and NaN payloads must survive too.
                Assert.True(
                    BitConverter.DoubleToInt64Bits(number) == BitConverter.DoubleToInt64Bits(other),
                    $"{path}: expected {number.ToString("R", CultureInfo.InvariantCulture)}, got {other.ToString("R", CultureInfo.InvariantCulture)}");
                break;
            case DateTimeOffset date:
                Assert.Equal(date.UtcTicks, Assert.IsType<DateTimeOffset>(actual).UtcTicks);
                break;
            case AmfObject map:
                EqualObject(map, Assert.IsType<AmfObject>(actual), path);
                break;
            case List<object?> list:
                var actualList = Assert.IsType<List<object?>>(actual);
                Assert.True(list.Count == actualList.Count, $"{path}: expected {list.Count} elements, got {actualList.Count}");
                for (var i = 0; i < list.Count; i++)
                {
                    Equal(list[i], actualList[i], $"{path}[{i}]");
                }

                break;
            case byte[] bytes:
                Assert.Equal(bytes, Assert.IsType<byte[]>(actual));
                break;
            default:
                Assert.True(expected.GetType() == actual?.GetType(), $"{path}: expected {Describe(expected)}, got {Describe(actual)}");
                Assert.True(expected.Equals(actual), $"{path}: expected {Describe(expected)}, got {Describe(actual)}");
                break;
        }
    }

    private static void EqualObject(AmfObject expected, AmfObject actual, string path)
    {
        Assert.True(expected.IsEcmaArray == actual.IsEcmaArray, $"{path}: IsEcmaArray differs");
        Assert.True(expected.ClassName == actual.ClassName, $"{path}: class '{expected.ClassName}' vs '{actual.ClassName}'");
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (key, value) in expected)
        {
            Equal(value, actual[key], $"{path}.{key}");
        }
    }

    private static string Describe(object? value) => value is null ? "null" : $"{value.GetType().Name} '{value}'";
}
