namespace ControlPlane.Storage;

// Part of SfuStore: Per-stream settings.
public sealed partial class SfuStore
{
    /// <summary>Returns the stored settings for <paramref name="stream"/>, or the defaults (public) if none were set.</summary>
    public StreamSettings GetStreamSettings(string stream)
    {
        StreamNameRules.ValidateStreamName(stream, nameof(stream));

        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT stream, is_private, playout_delay_min_ms, playout_delay_max_ms FROM stream_settings WHERE stream = $stream;";
        command.Parameters.AddWithValue("$stream", stream);

        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadSettings(reader) : new StreamSettings { Stream = stream };
    }

    /// <summary>Stores <paramref name="settings"/>, replacing any earlier settings for the same stream.</summary>
    public void SetStreamSettings(StreamSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        StreamNameRules.ValidateStreamName(settings.Stream, nameof(settings));
        if (settings.PlayoutDelay?.Problem is { } problem)
        {
            throw new ArgumentException(problem, nameof(settings));
        }

        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText =
            """
            INSERT INTO stream_settings (stream, is_private, playout_delay_min_ms, playout_delay_max_ms)
            VALUES ($stream, $isPrivate, $min, $max)
            ON CONFLICT (stream) DO UPDATE SET
                is_private = excluded.is_private,
                playout_delay_min_ms = excluded.playout_delay_min_ms,
                playout_delay_max_ms = excluded.playout_delay_max_ms;
            """;
        command.Parameters.AddWithValue("$stream", settings.Stream);
        command.Parameters.AddWithValue("$isPrivate", settings.IsPrivate);
        command.Parameters.AddWithValue("$min", (object?)settings.PlayoutDelay?.MinMs ?? DBNull.Value);
        command.Parameters.AddWithValue("$max", (object?)settings.PlayoutDelay?.MaxMs ?? DBNull.Value);
        command.ExecuteNonQuery();
    }

    /// <summary>Lists the streams that have stored settings, ordered by name.</summary>
    public IReadOnlyList<StreamSettings> ListStreamSettings()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT stream, is_private, playout_delay_min_ms, playout_delay_max_ms FROM stream_settings ORDER BY stream;";

        var settings = new List<StreamSettings>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            settings.Add(ReadSettings(reader));
        }

        return settings;
    }

    private static StreamSettings ReadSettings(Microsoft.Data.Sqlite.SqliteDataReader reader) => new()
    {
        Stream = reader.GetString(0),
        IsPrivate = reader.GetBoolean(1),
        PlayoutDelay = reader.IsDBNull(2) || reader.IsDBNull(3) ? null : new Sfu.Core.Media.PlayoutDelay(reader.GetInt32(2), reader.GetInt32(3)),
    };
}
