package dev.writ.protocol.identity;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A TLS trust manager for one side of a connection only, deciding on the certificates alone: the
 * socket- and engine-bound checks are the plain ones (no host-name endpoint identification, which
 * Writ replaces with SPIFFE ids), the other side is refused outright, and no issuers are
 * advertised. Subclasses say how the side they serve is trusted.
 */
public abstract class OneSidedTrust extends X509ExtendedTrustManager {
    /** Which peer this trust manager judges. */
    public enum Side { CLIENTS, SERVERS }

    private final Side side;

    protected OneSidedTrust(Side side) {
        this.side = side;
    }

    /** The judgement of a peer of the served side. */
    protected abstract void check(X509Certificate[] chain, String authType) throws CertificateException;

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        judge(Side.CLIENTS, chain, authType);
    }

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        judge(Side.CLIENTS, chain, authType);
    }

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        judge(Side.CLIENTS, chain, authType);
    }

    @Override
    public final void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        judge(Side.SERVERS, chain, authType);
    }

    @Override
    public final void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        judge(Side.SERVERS, chain, authType);
    }

    @Override
    public final void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        judge(Side.SERVERS, chain, authType);
    }

    @Override
    public final X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }

    private void judge(Side peer, X509Certificate[] chain, String authType) throws CertificateException {
        if (peer != side) {
            throw new CertificateException("this trust manager judges " + side.name().toLowerCase() + " only");
        }
        check(chain, authType);
    }
}
