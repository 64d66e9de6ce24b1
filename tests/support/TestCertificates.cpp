#include "TestCertificates.h"

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "ChildProcess.h"

namespace jollyjet::test {

namespace {

void openssl(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"openssl"};
    argv.insert(argv.end(), args.begin(), args.end());
    const CommandResult result = runCommand(argv, std::chrono::seconds(30));
    if (result.exitCode != 0) {
        std::string command;
        for (const auto& a : argv)
            command += a + " ";
        throw std::runtime_error("TestCertificates: '" + command + "' failed: " + result.output);
    }
}

std::string slurp(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

const std::vector<std::string> kEcKey = {"-newkey", "ec", "-pkeyopt",
                                         "ec_paramgen_curve:prime256v1", "-nodes"};

} // namespace

TestCertificates::TestCertificates() {
    ca_ = selfSigned("ca", "/CN=JollyJet Test CA");
    otherCa_ = selfSigned("other-ca", "/CN=Some Other CA");
    server_ = signedByCa("server", "/CN=127.0.0.1", "IP:127.0.0.1,DNS:localhost", 3650);
    client_ = signedByCa("client", "/CN=jollyjet-test-client", "DNS:jollyjet-test-client", 3650);
    expired_ = signedByCa("expired", "/CN=127.0.0.1", "IP:127.0.0.1,DNS:localhost", -1);
    wrongName_ = signedByCa("wrong-name", "/CN=wrong.example", "DNS:wrong.example", 3650);
    clientBundle_ =
        dir_.write("client-bundle.pem", slurp(client_.certFile) + slurp(client_.keyFile));
}

const TestCertificates& TestCertificates::shared() {
    static const TestCertificates certificates;
    return certificates;
}

TestCertificates::Pair TestCertificates::selfSigned(const std::string& name,
                                                    const std::string& subject) const {
    Pair pair{dir_.path() + "/" + name + ".pem", dir_.path() + "/" + name + ".key"};
    std::vector<std::string> args = {"req", "-x509"};
    args.insert(args.end(), kEcKey.begin(), kEcKey.end());
    args.insert(args.end(), {"-keyout", pair.keyFile, "-out", pair.certFile, "-days", "3650",
                             "-subj", subject});
    openssl(args);
    return pair;
}

TestCertificates::Pair TestCertificates::signedByCa(const std::string& name,
                                                    const std::string& subject,
                                                    const std::string& altNames, int days) const {
    Pair pair{dir_.path() + "/" + name + ".pem", dir_.path() + "/" + name + ".key"};
    const std::string request = dir_.path() + "/" + name + ".csr";
    const std::string extensions = dir_.write(name + ".ext", "subjectAltName=" + altNames + "\n");
    std::vector<std::string> args = {"req"};
    args.insert(args.end(), kEcKey.begin(), kEcKey.end());
    args.insert(args.end(), {"-keyout", pair.keyFile, "-out", request, "-subj", subject});
    openssl(args);
    // A negative day count puts notAfter before now: an expired certificate.
    openssl({"x509", "-req", "-in", request, "-CA", ca_.certFile, "-CAkey", ca_.keyFile,
             "-CAcreateserial", "-days", std::to_string(days), "-extfile", extensions, "-out",
             pair.certFile});
    return pair;
}

} // namespace jollyjet::test
