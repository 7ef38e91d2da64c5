using System.Globalization;

namespace Egress.WebRtc.Sdp;

/// <summary>The H.264 profile-level-id fmtp parameter (RFC 6184 §8.1): profile_idc, profile-iop (constraint flags), level_idc.</summary>
/// <param name="ProfileIdc">profile_idc, e.g. 0x42, 0x4D, 0x64.</param>
/// <param name="ProfileIop">constraint_set0..5 flags, most significant bit first.</param>
/// <param name="LevelIdc">level_idc: ten times the level number (31 = level 3.1).</param>
public readonly record struct H264ProfileLevelId(byte ProfileIdc, byte ProfileIop, byte LevelIdc)
{
    private const byte ConstraintSet0 = 0x80;
    private const byte ConstraintSet1 = 0x40;
    private const byte ConstraintSet3 = 0x10;
    private const byte ConstraintSet4 = 0x08;
    private const byte ConstraintSet5 = 0x04;

    /// <summary>Gets the profile the flags select.</summary>
    public H264Profile Profile => ProfileIdc switch
    {
        0x42 => Has(ConstraintSet1) ? H264Profile.ConstrainedBaseline : H264Profile.Baseline,
        0x4D => Has(ConstraintSet0) ? H264Profile.ConstrainedBaseline : H264Profile.Main,
        0x58 => Has(ConstraintSet0) && Has(ConstraintSet1) ? H264Profile.ConstrainedBaseline : H264Profile.Extended,
        0x64 when Has(ConstraintSet4) && Has(ConstraintSet5) => H264Profile.ConstrainedHigh,
        0x64 when Has(ConstraintSet4) => H264Profile.ProgressiveHigh,
        0x64 => H264Profile.High,
        0x6E => H264Profile.High10,
        0x7A => H264Profile.High422,
        0xF4 => H264Profile.High444,
        _ => H264Profile.Other,
    };

    /// <summary>Gets a value indicating whether this is level 1b, which sorts between 1 and 1.1.</summary>
    public bool IsLevel1b => ProfileIdc is 0x42 or 0x4D or 0x58
        ? LevelIdc == 11 && Has(ConstraintSet3)
        : LevelIdc == 9;

    /// <summary>Gets a monotonic rank of the level (level_idc doubled, with 1b slotted in at 21).</summary>
    public int LevelRank => IsLevel1b ? 21 : LevelIdc * 2;

    /// <summary>Parses six hex digits.</summary>
    public static bool TryParse(string? text, out H264ProfileLevelId value)
    {
        value = default;
        if (text is null || text.Length != 6
            || !uint.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var raw))
        {
            return false;
        }

        value = new H264ProfileLevelId((byte)(raw >> 16), (byte)(raw >> 8), (byte)raw);
        return true;
    }

    /// <summary>Parses six hex digits or throws <see cref="FormatException"/>.</summary>
    public static H264ProfileLevelId Parse(string text)
        => TryParse(text, out var value) ? value : throw new FormatException($"Invalid profile-level-id '{text}'.");

    /// <summary>Gets a value indicating whether both denote the same profile, which offer/answer requires (RFC 6184 §8.2.2).</summary>
    public bool IsSameProfile(H264ProfileLevelId other)
        => Profile == other.Profile && (Profile != H264Profile.Other || ProfileIdc == other.ProfileIdc);

    /// <summary>Formats as six lower-case hex digits.</summary>
    public override string ToString() => $"{ProfileIdc:x2}{ProfileIop:x2}{LevelIdc:x2}";

    private bool Has(byte flag) => (ProfileIop & flag) != 0;
}
