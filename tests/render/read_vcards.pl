# A second, independent vCard reader for tests/render/test_vcard.py: Perl's Text::vCard (Debian's
# libtext-vcard-perl, on Text::vFile::asData), which shares no code with vobject, the library that writes them.
# Prints every card of the file named on the command line as JSON.
use strict; use warnings; use utf8;
use Text::vCard::Addressbook; use JSON::PP;
my $book = Text::vCard::Addressbook->load([$ARGV[0]], { encoding_in => 'UTF-8', encoding_out => 'UTF-8' });
my @out;
for my $card ($book->vcards) {
  my %c;
  $c{version} = $card->version;
  $c{fn} = $card->fullname;
  $c{title} = $card->title;
  $c{note} = $card->get_simple_type('NOTE');
  $c{uid} = $card->get_simple_type('UID');
  my $n = $card->get({node_type => 'N'}); if ($n) { $c{family} = $n->[0]->family; $c{given} = $n->[0]->given; }
  my $org = $card->get({node_type => 'ORG'}); $c{org} = $org ? $org->[0]->name : undef;
  $c{emails} = [map { $_->value } @{ $card->get({node_type => 'EMAIL'}) || [] }];
  $c{tels} = [map { $_->value } @{ $card->get({node_type => 'TEL'}) || [] }];
  $c{urls} = [map { $_->value } @{ $card->get({node_type => 'URL'}) || [] }];
  push @out, \%c;
}
print JSON::PP->new->canonical->utf8->encode(\@out), "\n";
