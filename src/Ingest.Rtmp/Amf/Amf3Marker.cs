namespace Ingest.Rtmp.Amf;

/// <summary>AMF3 type markers (AMF3 specification, section 3.1).</summary>
internal static class Amf3Marker
{
    public const byte Undefined = 0x00;
    public const byte Null = 0x01;
    public const byte False = 0x02;
    public const byte True = 0x03;
    public const byte Integer = 0x04;
    public const byte Double = 0x05;
    public const byte String = 0x06;
    public const byte XmlDocument = 0x07;
    public const byte Date = 0x08;
    public const byte Array = 0x09;
    public const byte Object = 0x0A;
    public const byte Xml = 0x0B;
    public const byte ByteArray = 0x0C;
    public const byte VectorInt = 0x0D;
    public const byte VectorUInt = 0x0E;
    public const byte VectorDouble = 0x0F;
    public const byte VectorObject = 0x10;
    public const byte Dictionary = 0x11;
}
