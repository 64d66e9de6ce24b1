#include "AbiSection.h"

#include <cstring>
#include <elf.h>
#include <fstream>
#include <stdexcept>
#include <vector>

namespace jollyjet {

namespace {

template <typename T>
T readAt(std::ifstream& in, std::uint64_t offset) {
    T value{};
    in.seekg(static_cast<std::streamoff>(offset));
    in.read(reinterpret_cast<char*>(&value), sizeof value);
    if (!in) throw std::runtime_error("truncated ELF file");
    return value;
}

std::string readBytes(std::ifstream& in, std::uint64_t offset, std::uint64_t size) {
    constexpr std::uint64_t kMax = 4096; // a signature is one short line
    std::string bytes(static_cast<std::size_t>(std::min(size, kMax)), '\0');
    in.seekg(static_cast<std::streamoff>(offset));
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!in) throw std::runtime_error("truncated ELF file");
    return bytes;
}

} // namespace

std::optional<std::string> readAbiSection(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read the file");
    Elf64_Ehdr header{};
    in.read(reinterpret_cast<char*>(&header), sizeof header);
    if (!in || std::memcmp(header.e_ident, ELFMAG, SELFMAG) != 0 || header.e_ident[EI_CLASS] != ELFCLASS64)
        throw std::runtime_error("not a 64-bit ELF shared library");
    if (header.e_shentsize != sizeof(Elf64_Shdr) || header.e_shstrndx >= header.e_shnum)
        throw std::runtime_error("malformed ELF section table");
    const auto names = readAt<Elf64_Shdr>(in, header.e_shoff + header.e_shstrndx * sizeof(Elf64_Shdr));
    for (unsigned i = 0; i < header.e_shnum; ++i) {
        const auto section = readAt<Elf64_Shdr>(in, header.e_shoff + i * sizeof(Elf64_Shdr));
        if (section.sh_name >= names.sh_size) continue;
        const std::string name = readBytes(in, names.sh_offset + section.sh_name, 32).c_str();
        if (name != ".jollyjet_abi") continue;
        const std::string bytes = readBytes(in, section.sh_offset, section.sh_size);
        return std::string(bytes.c_str()); // up to the terminating NUL
    }
    return std::nullopt;
}

} // namespace jollyjet
