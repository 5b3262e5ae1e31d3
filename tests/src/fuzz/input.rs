//! The byte format of fuzz inputs: a reader that never fails (missing bytes read as zero), so that every byte
//! string is a valid input, and a writer to build seeds in the same format.

/// Reads structured values off the front of a fuzz input.
pub(crate) struct Reader<'a> {
    data: &'a [u8],
}

impl<'a> Reader<'a> {
    pub(crate) fn new(data: &'a [u8]) -> Self {
        Self { data }
    }

    pub(crate) fn u8(&mut self) -> u8 {
        match self.data.split_first() {
            Some((first, rest)) => {
                self.data = rest;
                *first
            }
            None => 0,
        }
    }

    pub(crate) fn u16(&mut self) -> u16 {
        u16::from_be_bytes([self.u8(), self.u8()])
    }

    pub(crate) fn u32(&mut self) -> u32 {
        u32::from_be_bytes([self.u8(), self.u8(), self.u8(), self.u8()])
    }

    /// A length-prefixed chunk: one byte of length, or `0xff` then two bytes for longer chunks.
    pub(crate) fn chunk(&mut self) -> &'a [u8] {
        let len = match self.u8() {
            0xff => usize::from(self.u16()),
            short => usize::from(short),
        };
        let (chunk, rest) = self.data.split_at(len.min(self.data.len()));
        self.data = rest;
        chunk
    }

    /// A chunk as text; invalid UTF-8 is replaced, since these inputs feed `&str` APIs.
    pub(crate) fn text(&mut self) -> String {
        String::from_utf8_lossy(self.chunk()).into_owned()
    }

    /// Everything left.
    pub(crate) fn rest(self) -> &'a [u8] {
        self.data
    }
}

/// Builds inputs in the format [`Reader`] reads.
#[derive(Default)]
pub(crate) struct Writer(Vec<u8>);

impl Writer {
    pub(crate) fn u8(mut self, value: u8) -> Self {
        self.0.push(value);
        self
    }

    pub(crate) fn u16(mut self, value: u16) -> Self {
        self.0.extend_from_slice(&value.to_be_bytes());
        self
    }

    pub(crate) fn u32(mut self, value: u32) -> Self {
        self.0.extend_from_slice(&value.to_be_bytes());
        self
    }

    pub(crate) fn chunk(mut self, bytes: impl AsRef<[u8]>) -> Self {
        let bytes = bytes.as_ref();
        let bytes = &bytes[..bytes.len().min(usize::from(u16::MAX))];
        if bytes.len() < 0xff {
            self.0.push(bytes.len() as u8);
        } else {
            self.0.push(0xff);
            self.0
                .extend_from_slice(&(bytes.len() as u16).to_be_bytes());
        }
        self.0.extend_from_slice(bytes);
        self
    }

    pub(crate) fn rest(mut self, bytes: impl AsRef<[u8]>) -> Vec<u8> {
        self.0.extend_from_slice(bytes.as_ref());
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writer_and_reader_agree() {
        let long = vec![b'x'; 300];
        let bytes = Writer::default()
            .u8(7)
            .u16(513)
            .u32(70_000)
            .chunk("ab")
            .chunk(&long)
            .rest("tail");
        let mut reader = Reader::new(&bytes);
        assert_eq!(reader.u8(), 7);
        assert_eq!(reader.u16(), 513);
        assert_eq!(reader.u32(), 70_000);
        assert_eq!(reader.text(), "ab");
        assert_eq!(reader.chunk(), &long[..]);
        assert_eq!(reader.rest(), b"tail");
    }

    #[test]
    fn short_input_reads_as_zeros() {
        let mut reader = Reader::new(&[0xff, 0x00]);
        assert_eq!(reader.chunk(), b"");
        assert_eq!(reader.u32(), 0);
        assert_eq!(reader.rest(), b"");
    }
}
