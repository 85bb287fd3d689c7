using System.Security.Cryptography;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace CertDesk.Hosting;

/// <summary>
/// Encrypts the cookie and antiforgery key ring before it is stored in the database (AES-256-GCM under a key derived
/// from the sealing key ring, which the database does not hold): a copy of the database alone cannot forge a sign-in.
/// </summary>
public sealed class KeyRingEncryptor(SealingKeys keys) : IXmlEncryptor
{
    public const string Purpose = "certdesk-data-protection-key-ring";

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var key = keys.Current;
        var plain = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var cipher = new byte[plain.Length];
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        using (var aes = new AesGcm(SealingKeys.Derive(key, Purpose), tag.Length))
        {
            aes.Encrypt(nonce, plain, cipher, tag, Encoding.UTF8.GetBytes(key.Id));
        }
        var element = new XElement("certdeskEncryptedKey",
            new XAttribute("keyId", key.Id),
            new XElement("nonce", Convert.ToBase64String(nonce)),
            new XElement("tag", Convert.ToBase64String(tag)),
            new XElement("value", Convert.ToBase64String(cipher)));
        return new EncryptedXmlInfo(element, typeof(KeyRingDecryptor));
    }
}

/// <summary>The other half of <see cref="KeyRingEncryptor"/>; data protection creates it with the service provider.</summary>
public sealed class KeyRingDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var keys = services.GetRequiredService<SealingKeys>();
        var id = (string?)encryptedElement.Attribute("keyId") ?? throw new CryptographicException("the encrypted key ring entry names no key");
        var key = keys.Find(id) ?? throw new CryptographicException(
            $"the sign-in key ring was encrypted with key '{id}', which {keys.Source} does not hold: install the key file of the server that wrote it");
        var nonce = Convert.FromBase64String((string?)encryptedElement.Element("nonce") ?? "");
        var tag = Convert.FromBase64String((string?)encryptedElement.Element("tag") ?? "");
        var cipher = Convert.FromBase64String((string?)encryptedElement.Element("value") ?? "");
        var plain = new byte[cipher.Length];
        using (var aes = new AesGcm(SealingKeys.Derive(key, KeyRingEncryptor.Purpose), tag.Length))
        {
            aes.Decrypt(nonce, cipher, tag, plain, Encoding.UTF8.GetBytes(id));
        }
        return XElement.Parse(Encoding.UTF8.GetString(plain));
    }
}
