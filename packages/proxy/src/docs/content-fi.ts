/** The help pages in Finnish. */
import type { DocsContent } from './types.js';

/** Finnish text of every help page. */
export const contentFi: DocsContent = {
  otherLanguage: 'In English',
  nav: { index: 'Kaiku', zapier: 'Zapier', 'power-automate': 'Power Automate', hubspot: 'HubSpot', privacy: 'Tietosuoja', support: 'Tuki' },
  pages: {
    index: {
      title: 'Kaiku: WhatsApp Business -viestit no-code-työkaluihisi',
      sections: [
        { paragraphs: [
          'Kaiku yhdistää WhatsApp Business -numerosi Zapieriin, Microsoft Power Automateen ja HubSpotin työnkulkuihin. Se lähettää hyväksyttyjä viestipohjia ja vastauksia, käynnistää automaatiosi asiakkaan kirjoittaessa ja noudattaa WhatsAppin sääntöjä (24 tunnin vastausikkuna, hyväksytyt viestipohjat, kiellot) ennen kuin mitään lähtee Metalle.',
          'Tämä Kaiku-palvelin on osoitteessa {{public_url}}. Kaiku-ylläpitäjäsi antaa API-avaimen jokaiselle yhdistettävälle työkalulle.',
        ] },
        { heading: 'Ennen kuin aloitat', items: [
          'WhatsApp Business -tili ja vahvistettu yritysnumero, jonka ylläpitäjä on yhdistänyt tähän Kaiku-palvelimeen.',
          'Vähintään yksi hyväksytty viestipohja aloittamiasi viestejä varten; viestipohjat luodaan ja hyväksytetään WhatsApp Managerissa.',
          'Asiakkaiden suostumus WhatsApp-viesteihin. LOPETA tai STOP kirjoittaneet asiakkaat kielletään automaattisesti.',
        ] },
        { heading: 'Rajoitukset', items: [
          'Vapaamuotoinen vastaus on mahdollinen vain 24 tunnin sisällä asiakkaan viimeisestä viestistä; sen jälkeen vain hyväksytyt viestipohjat.',
          'Uutta viestipohjaa voi käyttää, kun Meta on hyväksynyt sen. Medialinkkien on oltava julkisia HTTPS-osoitteita.',
          'Meta rajoittaa, monelleko asiakkaalle uusi numero voi lähettää päivässä, ja laskuttaa viestipohjaviesteistä.',
        ] },
      ],
    },
    zapier: {
      title: 'Zapierin yhdistäminen',
      sections: [
        { heading: 'Yhdistä tili', items: [
          'Lisää Zapierissa Kaiku-sovellus ja valitse "Sign in".',
          'Kaiku URL: {{public_url}}',
          'API Key: Kaiku-ylläpitäjän Zapieria varten luoma avain. Se näytetään kerran; liitä se sellaisenaan.',
        ] },
        { heading: 'API-avaimet', paragraphs: ['Ylläpitäjä luo avaimen komennolla `pnpm kaiku key create --workspace <id> --name Zapier`. Jos avain on peruttu tai kirjoitettu väärin, Zapier pyytää yhdistämään tilin uudelleen.'] },
        { heading: 'Käynnistimet ja toiminnot', items: [
          'New Inbound Message: asiakas kirjoitti yritysnumeroosi. Halutessasi vain yksi yritysnumero tai yksi viestityyppi.',
          'Message Status Changed: lähettämäsi viesti lähti, toimitettiin, luettiin tai epäonnistui. "Test trigger" näyttää todelliset viimeisimmät tilasi.',
          'Send Template Message: valitse viestipohja; sen muuttujat tulevat omiksi kentikseen.',
          'Reply to Customer: teksti tai media 24 tunnin sisällä asiakkaan viimeisestä viestistä; ota Fallback Template käyttöön tavoittaaksesi asiakkaan sen jälkeen.',
          'Request WhatsApp Consent: kysyy asiakkaalta viestipohjan pikavastauspainikkeilla, haluaako hän markkinointiviestejä; suostumuspainikkeen napautus kirjataan suostumukseksi.',
        ] },
      ],
    },
    'power-automate': {
      title: 'Power Automaten yhdistäminen',
      sections: [
        { heading: 'Luo yhteys', items: [
          'Kaiku Address: osoitteen {{public_url}} palvelinnimi (ilman https://).',
          'API Key: Kaiku-ylläpitäjän Power Automatea varten luoma avain.',
        ] },
        { heading: 'Käynnistimet', paragraphs: ['"When a new WhatsApp message arrives" ja "When a message status changes" voi rajata yhteen yritysnumeroon ja yhteen viestityyppiin tai tilaan pudotusvalikoista. Arvo, jota Kaiku ei tunne, hylätään jo työnkulkua tallennettaessa, joten työnkulku ei koskaan jää odottamaan mahdotonta.'] },
        { heading: 'Toiminnot', paragraphs: ['"Send a template message", "Reply to a customer" ja "Request WhatsApp consent" tarjoavat hyväksytyt viestipohjasi pudotusvalikossa ja jokaisen muuttujan omana kenttänään, myös vastauksen varapohjalle. Virheilmoitukset nimeävät työnkulun kentän, jota pitää muuttaa.'] },
      ],
    },
    hubspot: {
      title: 'HubSpotin yhdistäminen',
      sections: [
        { heading: 'Asenna sovellus', items: [
          'Pyydä Kaiku-ylläpitäjältä asennuslinkki (`pnpm kaiku hubspot link-code --workspace <id>`). Se toimii kerran, 30 minuutin ajan.',
          'Avaa se HubSpot-tilisi Super Admin -käyttäjänä ja hyväksy sovellus HubSpotissa. Kaiku on sitten yhdistetty tiliisi.',
          'Työnkulkutoiminnot "Lähetä WhatsApp-viestipohja", "Vastaa WhatsAppissa" ja "Pyydä WhatsApp-suostumus" näkyvät työnkuluissasi; saapuvat WhatsApp-viestit kirjataan yhteyshenkilöillesi (kaikista yritysnumeroista tai ylläpitäjän valitsemista).',
        ] },
        { heading: 'Poistaminen', paragraphs: ['Poista sovellus HubSpotin Connected apps -asetuksista tai pyydä ylläpitäjää katkaisemaan yhteys Kaikussa. Kummassakin tapauksessa Kaiku lakkaa käyttämästä tilisi tunnisteita.'] },
      ],
    },
    privacy: {
      title: 'Tietosuoja',
      sections: [
        { paragraphs: [
          'Tätä Kaiku-palvelinta ylläpitää organisaatiosi. Se säilyttää sen, mitä viestien välitys vaatii: asiakkaiden lähettämät viestit ja viestien toimitustilat, asiakkaiden suostumushistorian ja yhdistettyjen työkalujen asetukset. Käyttötunnisteet ja salaisuudet tallennetaan salattuina.',
          'Viestit kulkevat Metalle (WhatsApp) toimitettaviksi ja yhdistämillesi työkaluille (Zapier, Power Automate, HubSpot) niin kuin ne on määritetty. Kysy Kaiku-ylläpitäjältä, kuinka kauan tietoja säilytetään ja kenelle tietojasi koskevat pyynnöt osoitetaan.',
        ] },
      ],
    },
    support: {
      title: 'Tuki',
      sections: [
        { paragraphs: ['Kaiku-ylläpitäjäsi ylläpitää tätä palvelinta, ja häneltä kannattaa kysyä ensin. Kerro kellonaika, työkalu (Zapier, Power Automate tai HubSpot) ja näytetty virheteksti; jokaisella virheellä on koodi (kuten `window_closed`), josta ylläpitäjä näkee, mitä tapahtui.'] },
        { heading: 'Yleisiä vastauksia', items: [
          '"24 tunnin vastausikkuna on sulkeutunut": lähetä hyväksytty viestipohja tai määritä varapohja.',
          '"Ei hyväksytty": viestipohja odottaa vielä Metan tarkastusta.',
          '"Kieltäytynyt": asiakas kirjoitti LOPETA tai STOP; hän voi palata kirjoittamalla ALOITA tai START.',
        ] },
      ],
    },
  },
};
